using System.Net;
using System.Text.Json.Nodes;
using PacketCapture.Host.Kubernetes;

namespace PacketCapture.Server.Tests.KubernetesNode;

/// <summary>
/// A capture on a pod known only from the fake API server: the member finds the pod of its node,
/// captures on the Calico-named host interface (a real veth renamed to <c>cali</c>+hash, its pod end in
/// a real netns), and tcpdump reads exactly the packets sent.
/// </summary>
public sealed class PodCaptureTests(KubernetesMember member) : IClassFixture<KubernetesMember>, IDisposable
{
    private const int Deadline = 60_000;
    private const int FilteredPort = 5353;

    private readonly VethNetwork _network = new();

    public void Dispose() => _network.Dispose();

    [Fact]
    public async Task Capture_selecting_a_pod_of_this_node_records_its_packets_on_the_calico_interface()
    {
        var suffix = $"{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
        var pod = $"web-{suffix}";
        var link = _network.CreateLink();
        var cali = CalicoInterfaceName.For("shop", pod);
        Shell.Run("ip", "link", "set", "dev", link.HostInterface, "down");
        Shell.Run("ip", "link", "set", "dev", link.HostInterface, "name", cali);
        Shell.Run("ip", "link", "set", "dev", cali, "up");
        try
        {
            var labels = new Dictionary<string, string> { ["app"] = $"web-{suffix}" };
            FakePods.Create(member.Api, FakePods.Pod("shop", pod, KubernetesMember.NodeName, labels));
            FakePods.Create(member.Api, FakePods.Pod("shop", $"web-elsewhere-{suffix}", "node-other", labels));
            using var admin = member.Client();
            var capture = $"cap-{suffix}";
            using var created = await admin.PostAsync("/apis/projectcalico.org/v3/namespaces/shop/packetcaptures", KubernetesMember.Yaml($"""
                apiVersion: projectcalico.org/v3
                kind: PacketCapture
                metadata:
                  name: {capture}
                  namespace: shop
                spec:
                  selector: app == "web-{suffix}"
                  filters:
                    - protocol: UDP
                      ports: [{FilteredPort}]
                """));
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            await WaitForFilesAsync(admin, capture, entry => entry["state"]?.GetValue<string>() == "WaitingForTraffic", "the pod's capture to wait for traffic");

            Assert.Equal(20, _network.Send(link, "udp", 20, FilteredPort));
            Assert.Equal(5, _network.Send(link, "udp", 5, 9999, firstSeq: 1000));

            var file = Path.Combine(member.CaptureDirectory, "shop", capture, $"{pod}_{cali}.pcap");
            Poll.Until(() => File.Exists(file) && TcpdumpReader.Packets(file).Count >= 20, $"20 packets in {file}", Deadline);
            var entry = await WaitForFilesAsync(admin, capture, e => e["fileNames"]?.AsArray().Count > 0, "the status to list the file");

            Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), TcpdumpReader.Sequence(file));
            Assert.Equal(KubernetesMember.NodeName, entry["node"]!.GetValue<string>());
            Assert.Equal([$"{pod}_{cali}.pcap"], entry["fileNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        }
        finally
        {
            // The netns delete removes the pair whatever its host end is called now.
            Shell.RunWithStatus("ip", ["link", "del", cali]);
        }
    }

    [Fact]
    public void Member_joined_through_seed_discovery_and_watches_only_the_pods_of_its_node()
    {
        var requests = member.Api.Requests;

        Assert.Contains(requests, r => r.Verb == "list" && r.Path == $"/api/v1/namespaces/{KubernetesMember.SeedNamespace}/pods" &&
                                       r.Query.Contains("labelSelector=app.kubernetes.io%2Fname%3Dpacketcapture", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Verb == "list" && r.Path == "/api/v1/pods");
        Assert.Contains(requests, r => r.Verb == "watch" && r.Path == "/api/v1/pods");
        Assert.All(requests.Where(r => r.Path == "/api/v1/pods"),
            r => Assert.Contains($"fieldSelector=spec.nodeName%3D{KubernetesMember.NodeName}", r.Query, StringComparison.Ordinal));
    }

    private static async Task<JsonObject> WaitForFilesAsync(HttpClient admin, string capture, Func<JsonObject, bool> condition, string what)
    {
        JsonObject? found = null;
        var deadline = DateTime.UtcNow.AddMilliseconds(Deadline);
        while (found is null)
        {
            var body = JsonNode.Parse(await admin.GetStringAsync($"/apis/projectcalico.org/v3/namespaces/shop/packetcaptures/{capture}"))!;
            var files = body["status"]?["files"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
            Assert.True(files.Count <= 1, $"only this node's pod is captured: {body}");
            found = files.FirstOrDefault(condition);
            if (found is null)
            {
                Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}: {body}");
            }
        }

        return found;
    }
}
