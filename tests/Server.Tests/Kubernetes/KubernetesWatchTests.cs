using System.Text.Json.Nodes;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using PacketCapture.Actors.Nodes;
using PacketCapture.Host.Kubernetes;
using PacketCapture.Server.Tests.EndToEnd;
using PacketCapture.Server.Tests.KubernetesNode;

namespace PacketCapture.Server.Tests.Kubernetes;

/// <summary>PacketCapture resources in a (fake) API server drive captures of a real in-process member.</summary>
public sealed class KubernetesWatchTests : IDisposable
{
    private readonly VethNetwork _network = new();

    public void Dispose() => _network.Dispose();

    private static JsonObject UdpSpec(int port) => new()
    {
        ["selector"] = "app == \"web\"",
        ["filters"] = new JsonArray(new JsonObject { ["protocol"] = "UDP", ["ports"] = new JsonArray(port) }),
    };

    private static JsonObject AllSpec(string selector = "all()") => new() { ["selector"] = selector };

    [Fact]
    public async Task Resource_created_updated_and_deleted_drives_a_capture_on_a_netns_pod()
    {
        var web = _network.CreateLink();
        await using var member = await KubernetesMember.StartAsync(endpoints: null);
        LabelPod(member, web, "shop", "web-1", "web");

        member.Create("shop", "web", UdpSpec(7777));
        var waiting = member.WaitFor("shop", "web", v => v.Nodes.Any(n => n.State == CaptureState.WaitingForTraffic), "the capture to wait for traffic on node-a");
        Assert.True(CaptureOwnership.IsOwned(waiting.Resource), "applied from the resource, so marked Kubernetes-owned");
        Assert.Equal(5, _network.Send(web, "udp", 5, 9999, firstSeq: 100));
        Assert.Equal(10, _network.Send(web, "udp", 10, 7777));
        var directory = Path.Combine(member.Options.CaptureDirectory, "shop", "web");
        Poll.Until(KubernetesMember.Throttled(() => Ports(directory, 7777) >= 10), "the 10 filtered packets in the files", 60_000);
        Assert.Equal((10, 0), (Ports(directory, 7777), Ports(directory, 9999)));

        // The entity's own status announcements reach the resource's status sub-resource; spec untouched.
        Poll.Until(KubernetesMember.Throttled(() => StatusFiles(member.Find("shop", "web")) is { } files &&
                                                     files.Any(f => f?["node"]?.GetValue<string>() == member.Options.NodeName &&
                                                                    f?["state"]?.GetValue<string>() == "Capturing" &&
                                                                    f?["fileNames"] is JsonArray { Count: > 0 })),
            "node-a's Capturing entry with its files in the resource's status", 60_000);
        var stored = member.Find("shop", "web")!;
        Assert.Equal(7777, stored["spec"]!["filters"]![0]!["ports"]![0]!.GetValue<int>());
        var listed = StatusFiles(stored)!.Single(f => f?["node"]?.GetValue<string>() == member.Options.NodeName)!["fileNames"]!.AsArray()
            .Select(n => n!.GetValue<string>()).ToArray();
        Assert.All(listed, name => Assert.True(File.Exists(Path.Combine(directory, name)), $"{name} listed in the status exists on disk"));

        // A new generation restarts the capture with the new filter.
        member.ChangeSpec("shop", "web", UdpSpec(8888));
        member.WaitFor("shop", "web", v => v.Resource.Spec.EffectiveFilters.Single().Ports.Single().First == 8888 &&
                                           v.Nodes.Any(n => n.Generation == v.Resource.Metadata.Generation && n.State is CaptureState.WaitingForTraffic or CaptureState.Capturing),
            "the new generation to capture on node-a");
        Assert.Equal(4, _network.Send(web, "udp", 4, 7777, firstSeq: 300));
        Assert.Equal(6, _network.Send(web, "udp", 6, 8888, firstSeq: 200));
        Poll.Until(KubernetesMember.Throttled(() => Ports(directory, 8888) >= 6), "the 6 packets of the new filter in the files", 60_000);
        Assert.Equal((6, 10), (Ports(directory, 8888), Ports(directory, 7777)));

        member.Delete("shop", "web");
        Poll.Until(KubernetesMember.Throttled(() => member.Get("shop", "web") is CaptureRejected { Reason: RejectionReason.NotFound }), "the capture to be deleted", 60_000);

        Assert.Equal(["ApplyCapture", "ApplyCapture", "DeleteCapture"], member.Commands.Select(c => c.GetType().Name));
    }

    [Fact]
    public async Task Dropped_watch_and_410_gone_neither_miss_nor_duplicate_a_change()
    {
        await using var member = await KubernetesMember.StartAsync(new ChannelEndpointSource());
        member.Create("shop", "a", AllSpec());
        member.WaitFor("shop", "a", _ => true, "capture a from its resource");
        var made = await member.Server.Captures.SendAsync(new ApplyCapture(
            new PacketCaptureResource(new ObjectMeta { Name = "api-made", Namespace = "shop" }, new PacketCaptureSpec { Selector = "all()" }),
            new Requester("alice", RequestSource.Cli)), CancellationToken.None);
        Assert.IsType<CaptureSucceeded>(made);

        // 1. The server closes the watch; changes made meanwhile arrive once through the resumed watch.
        member.Api.DropWatches();
        member.Create("shop", "b", AllSpec());
        member.ChangeSpec("shop", "a", AllSpec("app == 'x'"));
        member.WaitFor("shop", "a", v => v.Resource.Spec.Selector == "app == 'x'", "capture a's new selector");
        member.WaitFor("shop", "b", _ => true, "capture b from its resource");

        // 2. The watch stays down while b is deleted and c created, and the history is forgotten:
        //    the resumed watch gets 410 Gone, the relist finds c and sees that b is gone.
        var listsBefore = member.Api.Count("list");
        member.Api.FailNext("watch", 500, times: 1_000_000);
        member.Api.DropWatches();
        Poll.Until(() => member.Api.Count("watch") > 0 && member.Api.Store.OpenWatches == 0, "the watch to be down");
        member.Delete("shop", "b");
        member.Create("shop", "c", AllSpec());
        member.Api.Store.Change(KubernetesMember.Captures.WithName("shop", "a"), current =>
        {
            // A label change keeps the generation: nothing to send.
            current["metadata"]!["labels"] = new JsonObject { ["team"] = "blue" };
            return current;
        });
        member.Api.ExpireHistory();
        member.Api.ClearFailures();
        member.WaitFor("shop", "c", _ => true, "capture c from the relist");
        Poll.Until(KubernetesMember.Throttled(() => member.Get("shop", "b") is CaptureRejected { Reason: RejectionReason.NotFound }), "capture b to be deleted by the relist", 60_000);

        Assert.True(member.Api.Count("list") > listsBefore, "a 410 makes the watcher list again");
        Assert.Equal(
            ["apply shop/a", "apply shop/b", "apply shop/a", "apply shop/c", "delete shop/b"],
            member.Commands.Select(Describe));
        Assert.IsType<CaptureSucceeded>(member.Get("shop", "api-made"));
        Assert.IsType<CaptureSucceeded>(member.Get("shop", "a"));
    }

    [Fact]
    public async Task Invalid_resource_is_not_applied_and_the_watcher_goes_on()
    {
        await using var member = await KubernetesMember.StartAsync(new ChannelEndpointSource());

        member.Create("shop", "broken", AllSpec("app =="));
        member.Create("shop", "fine", AllSpec());
        member.WaitFor("shop", "fine", _ => true, "the valid capture");
        Assert.IsType<CaptureRejected>(member.Get("shop", "broken"));

        member.ChangeSpec("shop", "broken", AllSpec("app == 'fixed'"));
        var fixedView = member.WaitFor("shop", "broken", _ => true, "the fixed capture");

        Assert.Equal("app == 'fixed'", fixedView.Resource.Spec.Selector);
        Assert.Equal(["apply shop/fine", "apply shop/broken"], member.Commands.Select(Describe));
    }

    private static string Describe(ICaptureCommand command) => command switch
    {
        ApplyCapture apply => $"apply {apply.Key}",
        DeleteCapture delete => $"delete {delete.Key}",
        _ => command.GetType().Name,
    };

    /// <summary>In Kubernetes mode a member's endpoints are the pods of its node in the API server: this
    /// pod's host-side interface is the test's veth (the interface annotation), as Calico's cali name would be.</summary>
    private static void LabelPod(KubernetesMember member, VethLink link, string ns, string pod, string app) =>
        FakePods.Create(member.Api, FakePods.Pod(ns, pod, member.Options.NodeName!, new Dictionary<string, string> { ["app"] = app },
            interfaceAnnotation: link.HostInterface));

    /// <summary>Packets to <paramref name="port"/> in every file of the capture that tcpdump can read now.</summary>
    private static int Ports(string directory, int port) =>
        PcapFiles.In(directory).Sum(file => NetnsCaptureTests.CountOrZero(file) == 0
            ? 0
            : TcpdumpReader.Packets(file).Count(p => p.Contains($".{port}: UDP", StringComparison.Ordinal)));

    private static JsonArray? StatusFiles(JsonObject? resource) => resource?["status"]?["files"] as JsonArray;
}
