using System.Collections.Immutable;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Integration.Tests;

/// <summary>One member end to end: the entity, the node agent and libpcap on real veth endpoints.</summary>
[Collection(VethCollection.Name)]
public sealed class OneMemberCaptureTests(VethNetwork network) : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("pct-member-");

    private string CaptureDirectory => Path.Combine(_work.FullName, "pcap");

    [Fact]
    public async Task Applied_capture_selects_matching_endpoints_of_its_namespace_and_follows_them()
    {
        var web1 = network.CreateLink();
        var db1 = network.CreateLink();
        var otherWeb = network.CreateLink();
        var source = new ChannelEndpointSource();
        source.Upsert(Endpoint("shop", "web-1", web1, "web"));
        source.Upsert(Endpoint("shop", "db-1", db1, "db"));
        source.Upsert(Endpoint("other", "web-9", otherWeb, "web"));
        await using var member = await Member.StartAsync(Path.Combine(_work.FullName, "journal.db"), CaptureDirectory, source);

        var end = DateTimeOffset.UtcNow.AddSeconds(15);
        member.Apply(Resources.Capture("shop", "udp5000", "app == 'web'", "[{protocol: UDP, ports: [5000]}]", end));
        member.Apply(Resources.Capture("shop", "everything", "app == 'web'"));

        // Armed on exactly the one matching endpoint of its namespace, before any packet.
        var armed = PollView(member, "udp5000", v => v.Nodes.Length == 1 && v.Nodes[0].Endpoints.Length == 1, "udp5000 armed");
        Assert.Equal(CaptureState.WaitingForTraffic, armed.State);
        Assert.Equal("web-1", armed.Nodes[0].Endpoints[0].Pod);
        Assert.Equal("node-a", armed.Resource.Status!.Files.Single().Node);

        Assert.Equal(50, network.Send(web1, "udp", 50, destinationPort: 5000));
        Assert.Equal(30, network.Send(web1, "udp", 30, destinationPort: 6000, firstSeq: 1000));
        Assert.Equal(20, network.Send(otherWeb, "udp", 20, destinationPort: 5000, firstSeq: 2000));
        Assert.Equal(20, network.Send(db1, "udp", 20, destinationPort: 5000, firstSeq: 3000));

        var activeName = $"web-1_{web1.HostInterface}.pcap";
        var capturing = PollView(member, "udp5000",
            v => v.State == CaptureState.Capturing && v.Nodes[0].Counters.Packets == 50, "udp5000 capturing 50 packets");
        Assert.Equal([activeName], capturing.Resource.Status!.Files.Single().FileNames.ToArray());
        var udpDirectory = Path.Combine(CaptureDirectory, "shop", "udp5000");
        Assert.Equal([activeName], Directory.GetFiles(udpDirectory).Select(Path.GetFileName));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), TcpdumpReader.Sequence(Path.Combine(udpDirectory, activeName)));
        Assert.False(Directory.Exists(Path.Combine(CaptureDirectory, "other")), "another namespace's endpoint was captured");

        // An endpoint that starts matching later is picked up.
        var web2 = network.CreateLink();
        source.Upsert(Endpoint("shop", "web-2", web2, "web"));
        PollView(member, "everything", v => v.Nodes[0].Endpoints.Any(e => e.Pod == "web-2"), "web-2 selected");
        var web2File = Path.Combine(CaptureDirectory, "shop", "everything", $"web-2_{web2.HostInterface}.pcap");
        Poll.Until(() => Sent(web2, 5, 4000) && File.Exists(web2File) && TcpdumpReader.Sequence(web2File).Count >= 5,
            "web-2's packets in its file", timeoutMs: 20_000);

        // Relabeled so it no longer matches: stopped, and its files go.
        source.Upsert(Endpoint("shop", "web-2", web2, "api"));
        var dropped = PollView(member, "everything", v => v.Nodes[0].Endpoints.All(e => e.Pod != "web-2"), "web-2 deselected");
        Poll.Until(() => !File.Exists(web2File), "web-2's file removed");
        Assert.DoesNotContain(dropped.Resource.Status!.Files.Single().FileNames, f => f.StartsWith("web-2_", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(CaptureDirectory, "shop", "everything", activeName)), "web-1's file must stay");

        // Finished at endTime, and not before: the capture as a whole, then the node's report.
        PollView(member, "udp5000", v => v.State == CaptureState.Finished, "udp5000 finished", timeoutMs: 40_000);
        Assert.True(DateTimeOffset.UtcNow >= end, "finished before its end time");
        PollView(member, "udp5000", v => v.Nodes.Single().State == CaptureState.Finished, "node-a reports udp5000 finished");
        Assert.Equal(50, TcpdumpReader.Sequence(Path.Combine(udpDirectory, activeName)).Count);

        // Deleted: every session stops, the capture's files go, and it is no longer found.
        var deleted = member.Ask(new DeleteCapture(new CaptureKey("shop", "everything"), Member.Tester));
        Assert.True(Assert.IsType<CaptureSucceeded>(deleted).View.Deleted);
        Poll.Until(() => !Directory.Exists(Path.Combine(CaptureDirectory, "shop", "everything")), "the deleted capture's directory removed");
        Assert.Null(member.View("shop", "everything"));
        Assert.True(Directory.Exists(udpDirectory), "deleting one capture must not touch another's files");
    }

    public void Dispose() => _work.Delete(recursive: true);

    internal static WorkloadEndpoint Endpoint(string ns, string pod, VethLink link, string app) =>
        new(ns, pod, pod, link.HostInterface, ImmutableSortedDictionary<string, string>.Empty.Add("app", app));

    internal static CaptureView PollView(Member member, string name, Func<CaptureView, bool> condition, string what, int timeoutMs = 20_000, string ns = "shop")
    {
        CaptureView? last = null;
        if (!SpinWait.SpinUntil(() => (last = member.View(ns, name)) is { } v && condition(v), timeoutMs))
        {
            Assert.Fail($"timed out after {timeoutMs} ms waiting for {what}; last seen: {Describe(last)}");
        }

        return last!;
    }

    private bool Sent(VethLink link, int count, long firstSeq) => network.Send(link, "udp", count, destinationPort: 7000, firstSeq: firstSeq) == count;

    private static string Describe(CaptureView? view) =>
        view is null ? "not found" : $"{view.State}; " + string.Join(", ", view.Nodes.Select(n =>
            $"{n.Node} {n.State} [{string.Join(' ', n.Endpoints.Select(e => $"{e.Pod}:{e.State}"))}] {n.Counters.Packets} pkts files={n.FileNames.Length}"));
}
