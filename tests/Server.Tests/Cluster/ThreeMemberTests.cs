using PacketCapture.Actors.Model;
using PacketCapture.Server.Tests.EndToEnd;
using PacketCapture.Server.Tests.Server;

namespace PacketCapture.Server.Tests.Cluster;

/// <summary>
/// Three <c>serve</c> processes on loopback sharing one real PostgreSQL, each a node with its own
/// netns pod. One capture selects the pods of all three; the member hosting its entity is killed
/// with SIGKILL and later restarted.
/// </summary>
public sealed class ThreeMemberTests : IAsyncLifetime
{
    private const int Port = 7777;
    private const int Batch = 20;
    private const string PersistenceId = "packetcapture/shop/web";

    private const string Capture = """
        apiVersion: projectcalico.org/v3
        kind: PacketCapture
        metadata:
          name: web
          namespace: shop
        spec:
          selector: app == "web"
          filters:
            - protocol: UDP
              ports: [7777]
        """;

    private readonly TempDirectory _temp = new();
    private readonly List<ClusterMember> _members = [];
    private VethNetwork _network = null!;
    private PostgresServer _postgres = null!;

    public async Task InitializeAsync()
    {
        _network = new VethNetwork();
        _postgres = await PostgresServer.StartNewAsync();
    }

    public async Task DisposeAsync()
    {
        // Members first (the seed last), then the database they write to.
        foreach (var member in Enumerable.Reverse(_members))
        {
            member.Dispose();

            // PACKETCAPTURE_TEST_LOGS=DIR keeps each member's log (cluster failures are read there).
            if (Environment.GetEnvironmentVariable("PACKETCAPTURE_TEST_LOGS") is { Length: > 0 } logs)
            {
                Directory.CreateDirectory(logs);
                File.WriteAllLines(Path.Combine(logs, member.Node + ".log"), member.Output);
            }
        }

        _network.Dispose();
        await _postgres.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Killing_the_entity_s_member_loses_no_event_nor_packet_marks_its_node_and_the_node_resumes_on_restart()
    {
        // Three members, every one listing all three seeds (the first seed forms the cluster).
        int[] ports = [ClusterMember.FreePort(), ClusterMember.FreePort(), ClusterMember.FreePort()];
        var seeds = ports.Select(ClusterMember.SeedOf).ToArray();
        var links = new List<VethLink>();
        for (var i = 0; i < 3; i++)
        {
            var member = ClusterMember.Start(_temp.File($"m{i + 1}"), $"node-{i + 1}", _postgres.ConnectionString, ports[i], seeds);
            _members.Add(member);
            var link = _network.CreateLink();
            links.Add(link);
            member.LabelPod(link, "shop", $"web-{i + 1}", "web");
        }

        string ActiveFile(int i) => Path.Combine(_members[i].CaptureDirectory, "shop", "web", $"web-{i + 1}_{links[i].HostInterface}.pcap");

        var applied = await _members[0].CliWithInput(Capture, "apply", "-f", "-");
        Assert.True(applied.ExitCode == 0, applied.ToString());

        // One files entry per member, each with its own pod's file.
        await _members[0].WaitForAsync("shop", "web",
            r => Enumerable.Range(0, 3).All(i => PostgresServeTests.Entry(r, $"node-{i + 1}")?.State == CaptureState.WaitingForTraffic),
            "three nodes waiting for traffic", 120);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Batch, _network.Send(links[i], "udp", Batch, Port));
        }

        for (var i = 0; i < 3; i++)
        {
            var file = ActiveFile(i);
            Poll.Until(() => File.Exists(file) && NetnsCaptureTests.CountOrZero(file) == Batch, $"{Batch} packets in {file}", 60_000);
            Assert.All(TcpdumpReader.Packets(file), p => Assert.Contains($"{links[i].PodAddress}.", p, StringComparison.Ordinal));
        }

        var listed = await _members[0].WaitForAsync("shop", "web",
            r => Enumerable.Range(0, 3).All(i => PostgresServeTests.Entry(r, $"node-{i + 1}") is { State: CaptureState.Capturing } e &&
                                                 e.FileNames.Contains(Path.GetFileName(ActiveFile(i)))),
            "three Capturing entries listing their files", 120);
        Assert.Equal(3, listed.Status!.Files.Length);

        // Which member hosts the entity: the one whose shard region runs it.
        var victim = -1;
        var hosting = new int?[3];
        Poll.Until(() =>
        {
            for (var i = 0; i < 3; i++)
            {
                hosting[i] = _members[i].HostedEntitiesAsync().GetAwaiter().GetResult();
            }

            victim = Array.IndexOf(hosting, 1);
            return hosting.Count(h => h == 1) == 1 && hosting.Count(h => h == 0) == 2;
        }, "exactly one member hosting the entity", 60_000);
        var survivors = Enumerable.Range(0, 3).Where(i => i != victim).ToArray();
        var victimNode = $"node-{victim + 1}";
        var victimEntry = PostgresServeTests.Entry(listed, victimNode)!;
        var journalBefore = await PostgresServeTests.JournalRows(_postgres, PersistenceId);

        _members[victim].Kill();

        // The other nodes capture on, whatever happens to the entity: no gap in their sequences.
        foreach (var i in survivors)
        {
            Assert.Equal(Batch, _network.Send(links[i], "udp", Batch, Port, firstSeq: Batch));
        }

        foreach (var i in survivors)
        {
            var file = ActiveFile(i);
            Poll.Until(() => NetnsCaptureTests.CountOrZero(file) == 2 * Batch, $"{2 * Batch} packets in {file}", 60_000);
            Assert.Equal(Enumerable.Range(0, 2 * Batch).Select(n => (long)n), TcpdumpReader.Sequence(file));
        }

        // The entity answers again on a survivor, with the killed node's entry kept and marked.
        var marked = await _members[survivors[0]].WaitForAsync("shop", "web",
            r => PostgresServeTests.Entry(r, victimNode)?.State == CaptureState.Error, $"{victimNode}'s entry marked Error", 180);
        Assert.Equal<string>(victimEntry.FileNames, PostgresServeTests.Entry(marked, victimNode)!.FileNames);
        Assert.Equal(victimEntry.Directory, PostgresServeTests.Entry(marked, victimNode)!.Directory);
        Assert.All(survivors, i => Assert.Equal(CaptureState.Capturing, PostgresServeTests.Entry(marked, $"node-{i + 1}")!.State));
        Assert.Equal(1, await _members[survivors[0]].HostedEntitiesAsync() + await _members[survivors[1]].HostedEntitiesAsync());

        // Full history: every event written before the kill is still there, unchanged, and the loss follows it.
        var journalAfter = await PostgresServeTests.JournalRows(_postgres, PersistenceId);
        Assert.Equal(journalBefore, journalAfter.Take(journalBefore.Count));
        Assert.Contains(journalAfter.Skip(journalBefore.Count), row => row.Split(' ')[1] == "node-lost.v1");

        // Restarted, the member rejoins and its node appends to its file; its entry is live again.
        _members[victim].Restart();
        var victimFile = ActiveFile(victim);
        Poll.Until(() => _members[victim].IsCapturingOn(links[victim].HostInterface), "the restarted member to capture again", 120_000);
        ClusterMember.ProbeUntilCaptured(_network, links[victim], Port, victimFile);
        Assert.Equal(Batch, _network.Send(links[victim], "udp", Batch, Port, firstSeq: Batch));
        Poll.Until(() => ClusterMember.WithoutProbes(victimFile).Count() == 2 * Batch, $"{2 * Batch} packets in {victimFile}", 60_000);
        Assert.Equal(Enumerable.Range(0, 2 * Batch).Select(n => (long)n), ClusterMember.WithoutProbes(victimFile));
        Assert.Equal([victimFile], PcapFiles.In(Path.GetDirectoryName(victimFile)!));
        await _members[victim].WaitForAsync("shop", "web",
            r => PostgresServeTests.Entry(r, victimNode)?.State == CaptureState.Capturing, $"{victimNode} Capturing again", 120);
    }
}
