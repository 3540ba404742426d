using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using PacketCapture.Actors.Nodes;
using static PacketCapture.Integration.Tests.OneMemberCaptureTests;

namespace PacketCapture.Integration.Tests;

/// <summary>A whole restart on the same SQLite journal file brings every capture back by itself.</summary>
[Collection(VethCollection.Name)]
public sealed class RestartTests(VethNetwork network) : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("pct-restart-");

    [Fact]
    public async Task After_a_restart_on_the_same_journal_every_capture_is_back_and_nodes_capture_without_a_new_command()
    {
        var web = network.CreateLink();
        var journal = Path.Combine(_work.FullName, "journal.db");
        var captures = Path.Combine(_work.FullName, "pcap");
        var file = Path.Combine(captures, "shop", "udp5000", $"web-1_{web.HostInterface}.pcap");

        CaptureView before5000, before6000;
        var first = new ChannelEndpointSource();
        first.Upsert(Endpoint("shop", "web-1", web, "web"));
        await using (var member = await Member.StartAsync(journal, captures, first))
        {
            member.Apply(Resources.Capture("shop", "udp5000", "app == 'web'", "[{protocol: UDP, ports: [5000]}]"));
            member.Apply(Resources.Capture("shop", "udp6000", "app == 'web'", "[{protocol: UDP, ports: [6000]}]"));
            PollView(member, "udp6000", v => v.Nodes.Length == 1 && v.State == CaptureState.WaitingForTraffic, "udp6000 armed");
            PollView(member, "udp5000", v => v.Nodes.Length == 1, "udp5000 armed");
            Assert.Equal(20, network.Send(web, "udp", 20, destinationPort: 5000));
            before5000 = PollView(member, "udp5000", v => v.State == CaptureState.Capturing && v.Nodes[0].Counters.Packets == 20, "udp5000 capturing");
            before6000 = member.View("shop", "udp6000")!;
        }

        // The first member closed its files on the way down: complete and readable.
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), TcpdumpReader.Sequence(file));

        var second = new ChannelEndpointSource();
        second.Upsert(Endpoint("shop", "web-1", web, "web"));
        await using (var member = await Member.StartAsync(journal, captures, second))
        {
            // No command yet: remember-entities restarts both entities, they publish their desired
            // state, and the node captures again, appending to the same file.
            long next = 100;
            Poll.Until(
                () =>
                {
                    network.Send(web, "udp", 5, destinationPort: 5000, firstSeq: next);
                    next += 5;
                    return TcpdumpReader.Sequence(file).Any(s => s >= 100);
                },
                "packets sent after the restart in the appended file",
                timeoutMs: 30_000);
            Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), TcpdumpReader.Sequence(file).Take(20));

            var after5000 = member.View("shop", "udp5000")!;
            var after6000 = member.View("shop", "udp6000")!;
            Assert.Equal(before5000.Resource.Spec, after5000.Resource.Spec);
            Assert.Equal(before5000.Resource.Metadata.Generation, after5000.Resource.Metadata.Generation);
            Assert.Equal(before6000.Resource.Spec, after6000.Resource.Spec);
            Assert.Equal([$"web-1_{web.HostInterface}.pcap"], after5000.Resource.Status!.Files.Single().FileNames.ToArray());
            Assert.Equal("node-a", after6000.Resource.Status!.Files.Single().Node);
        }
    }

    public void Dispose() => _work.Delete(recursive: true);
}
