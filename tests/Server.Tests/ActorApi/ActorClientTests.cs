using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PacketCapture.Actors.Model;
using PacketCapture.Server.Tests.EndToEnd;
using PacketCapture.Server.Tests.Server;

namespace PacketCapture.Server.Tests.ActorApi;

/// <summary>
/// The actor message API end to end: a real <c>serve</c> member (remoting on a fixed loopback port)
/// and the example client (examples/ActorClient) as a separate process joining its cluster with
/// the role <c>client</c>, driving a capture of a real netns pod by messages alone.
/// </summary>
public sealed class ActorClientTests : IDisposable
{
    private const int FilteredPort = 7777;
    private const int Sent = 20;

    private readonly VethNetwork _network = new();
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        _network.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task A_client_member_drives_a_capture_by_messages_and_its_subscription_follows_it_to_Finished()
    {
        var web = _network.CreateLink();
        var remotingPort = FreeLoopbackPort();
        using var member = ServedMember.Start(_temp.File("data"), new Dictionary<string, string>
        {
            ["PC_AKKA__REMOTE__DOT_NETTY__TCP__PORT"] = remotingPort.ToString(CultureInfo.InvariantCulture),
        });
        member.LabelPod(web, "shop", "web-1", "web");
        var file = _temp.File("web.yaml");
        File.WriteAllText(file, $"""
            apiVersion: projectcalico.org/v3
            kind: PacketCapture
            metadata:
              name: web
              namespace: shop
            spec:
              selector: app == "web"
              filters:
                - protocol: UDP
                  ports: [{FilteredPort}]
            """);

        // The capture ends 25 s after the client applies it: room for a slow machine to open the
        // interface and for the traffic below, and no test step waits for it longer than needed.
        using var client = ClientProcess.Start(
            "--seed", $"akka.tcp://packetcapture@127.0.0.1:{remotingPort}", "-f", file,
            "--user", "tester", "--end-in", "25", "--timeout", "120", "--confirm-clean");
        Assert.Matches(@"^joined akka\.tcp://packetcapture@127\.0\.0\.1:\d+ as client$", client.WaitForLine("joined "));
        client.WaitForLine("state WaitingForTraffic");

        // With the client in the cluster, the capture member still hosts the entity and answers.
        var resource = await member.GetAsync("shop", "web");
        Assert.Equal(1, resource.Metadata.Generation);
        Assert.NotNull(resource.Spec.EndTime);
        await member.WaitForNodeAsync("shop", "web", n => n.State == CaptureState.WaitingForTraffic, "the web pod's capture to open");

        Assert.Equal(Sent, _network.Send(web, "udp", Sent, FilteredPort));

        client.WaitForLine("press Enter", timeoutMs: 120_000);
        var states = client.Output.Where(l => l.StartsWith("state ", StringComparison.Ordinal)).ToList();
        Assert.True(states.Count == 3, client.ToString());
        Assert.StartsWith("state WaitingForTraffic (", states[0], StringComparison.Ordinal);
        Assert.StartsWith("state Capturing (", states[1], StringComparison.Ordinal);
        Assert.Equal("state Finished (notified)", states[2]);
        Assert.Contains("subscribed packetcapture:shop/web", client.Output);
        Assert.Contains("applied shop/web generation 1", client.Output);
        Assert.Contains("settled on 1 node(s)", client.Output);
        Assert.Contains("listed shop/web", client.Output);
        Assert.True(
            client.Output.ToList().IndexOf("subscription live") < client.Output.ToList().IndexOf("state Finished (notified)"),
            client.ToString());

        // The files the client got from GetCapture exist, and hold exactly the sent packets.
        var files = client.WaitForLine($"files {ServedMember.NodeName} ").Split(' ');
        var directory = files[2];
        Assert.Equal(Path.GetFullPath(member.CaptureDirectory), directory);
        var pcap = Path.Combine(directory, "shop", "web", Assert.Single(files[3..]));
        Assert.Equal($"web-1_{web.HostInterface}.pcap", Path.GetFileName(pcap));
        Assert.Equal(Sent, TcpdumpReader.Packets(pcap).Count);
        Assert.Equal(Enumerable.Range(0, Sent).Select(i => (long)i), TcpdumpReader.Sequence(pcap));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(pcap));

        // Clean and delete, then the client leaves: it never hosted a shard of captures.
        client.WriteLine("");
        Assert.True(await client.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, client.ToString());
        Assert.Contains("cleaned shop/web", client.Output);
        Assert.Contains("deleted shop/web", client.Output);
        Assert.Contains("hosted shards 0", client.Output);
        Assert.Empty(client.Errors);
        Poll.Until(() => !File.Exists(pcap), "the cleaned file to be removed", 30_000);
        var gone = await member.Cli("get", "web", "-n", "shop");
        Assert.NotEqual(0, gone.ExitCode);
    }

    [Fact]
    public async Task A_client_with_an_invalid_capture_file_says_which_field_and_sends_nothing()
    {
        var file = _temp.File("bad.yaml");
        Directory.CreateDirectory(_temp.Path);
        File.WriteAllText(file, """
            apiVersion: projectcalico.org/v3
            kind: PacketCapture
            metadata: {name: web, namespace: shop}
            spec:
              filters:
                - protocol: UDP
                  ports: [0]
            """);

        // No member at all: an invalid file must fail before anything is sent.
        using var client = ClientProcess.Start("--seed", "akka.tcp://packetcapture@127.0.0.1:9", "-f", file);

        Assert.Equal(2, await client.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var error = Assert.Single(client.Errors);
        Assert.StartsWith($"actor-client: {file}: spec.filters[0].ports[0]", error, StringComparison.Ordinal);
        Assert.Empty(client.Output);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
