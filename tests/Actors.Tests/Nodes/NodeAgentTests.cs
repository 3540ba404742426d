using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.TestKit;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Nodes;
using PacketCapture.Capture;
using Xunit;
using static PacketCapture.Actors.Tests.Nodes.NodeTestData;
using CaptureState = PacketCapture.Actors.Model.CaptureState;

namespace PacketCapture.Actors.Tests.Nodes;

public sealed class NodeAgentTests : NodeTestKit
{
    private static readonly WorkloadEndpoint Web1 = Endpoint("shop", "web-1", "cali1", ("app", "web"));
    private static readonly WorkloadEndpoint Web2 = Endpoint("shop", "web-2", "cali2", ("app", "web"));
    private static readonly WorkloadEndpoint Db1 = Endpoint("shop", "db-1", "cali3", ("app", "db"));
    private static readonly WorkloadEndpoint OtherWeb = Endpoint("other", "web-9", "cali9", ("app", "web"));
    private static readonly CaptureKey Cap = new("shop", "cap");

    private readonly ChannelEndpointSource _endpoints = new();
    private readonly ConcurrentDictionary<string, bool> _presentInterfaces = new();
    private readonly TestProbe _captures;
    private readonly List<ReportFileRotated> _rotations = [];
    private readonly Dictionary<CaptureKey, ReportNodeStatus> _latest = [];

    public NodeAgentTests()
    {
        _captures = CreateTestProbe();
    }

    private IActorRef StartAgent() =>
        Sys.ActorOf(NodeAgent.Props(Settings, _endpoints, Sessions, _captures.Ref, null, i => _presentInterfaces.ContainsKey(i)), "agent");

    /// <summary>Advances virtual time a report interval at a time until a report for <paramref name="key"/> satisfies <paramref name="until"/>.</summary>
    private NodeStatus AwaitStatus(CaptureKey key, Func<NodeStatus, bool> until)
    {
        AwaitAssert(
            () =>
            {
                Clock.Advance(Settings.StatusReportInterval);
                while (_captures.HasMessages)
                {
                    switch (_captures.ReceiveOne(TimeSpan.Zero))
                    {
                        case ReportNodeStatus report:
                            _latest[report.Key] = report;
                            break;
                        case ReportFileRotated rotation:
                            _rotations.Add(rotation);
                            break;
                    }
                }

                Assert.True(_latest.TryGetValue(key, out var last), $"no report for {key} yet");
                Assert.True(until(last.Status), $"last status: {last.Status.State} {string.Join(", ", last.Status.Endpoints)}");
            },
            TimeSpan.FromSeconds(10),
            TimeSpan.FromMilliseconds(20));
        var report = _latest[key];
        Assert.Equal(Requester.ForNode("node-a"), report.By);
        return report.Status;
    }

    private static bool Has(NodeStatus status, CaptureState state, params string[] pods) =>
        status.Endpoints.Select(e => e.Pod).SequenceEqual(pods) && status.Endpoints.All(e => e.State == state);

    private ScriptedCaptureSession AwaitSession(string interfaceName, int count = 1)
    {
        ScriptedCaptureSession? session = null;
        AwaitAssert(() =>
        {
            var sessions = Sessions.On(interfaceName);
            Assert.Equal(count, sessions.Count);
            session = sessions[^1];
        });
        return session!;
    }

    [Fact]
    public void Captures_exactly_the_matching_endpoints_of_the_capture_namespace()
    {
        var agent = StartAgent();
        _endpoints.Upsert(Web1);
        _endpoints.Upsert(Db1);
        _endpoints.Upsert(OtherWeb);
        agent.Tell(CaptureOf("shop", "cap", "app == 'web'"));
        // Upserted last: once it is captured, every earlier endpoint has been considered.
        _endpoints.Upsert(Web2);

        var status = AwaitStatus(Cap, s => Has(s, CaptureState.WaitingForTraffic, "web-1", "web-2"));

        Assert.Equal(["cali1", "cali2"], Sessions.Sessions.Select(s => s.Options.InterfaceName).Order());
        Assert.All(Sessions.Sessions, s => Assert.Equal("shop", s.Options.Namespace));
        Assert.Equal("node-a", status.Node);
        Assert.Equal(Root, status.Directory);
        Assert.Equal(1, status.Generation);
        Assert.Equal(CaptureState.WaitingForTraffic, status.State);
    }

    [Fact]
    public void Picks_up_a_later_endpoint_and_drops_a_relabeled_one_with_its_files()
    {
        var web1Active = WriteFile("shop", "cap", "web-1_cali1.pcap");
        var web1Rotated = WriteFile("shop", "cap", "web-1_cali1-1700000000000000.pcap");
        var web2Active = WriteFile("shop", "cap", "web-2_cali2.pcap");
        _endpoints.Upsert(Web1);
        var agent = StartAgent();
        agent.Tell(CaptureOf("shop", "cap", "app == 'web'"));
        var first = AwaitSession("cali1");

        _endpoints.Upsert(Web2);
        AwaitSession("cali2");
        AwaitStatus(Cap, s => Has(s, CaptureState.WaitingForTraffic, "web-1", "web-2"));

        _endpoints.Upsert(Web1 with { Labels = Web1.Labels.SetItem("app", "admin") });

        var status = AwaitStatus(Cap, s => Has(s, CaptureState.WaitingForTraffic, "web-2") && s.FileNames.Length == 1);
        Assert.True(first.Disposed);
        Assert.False(File.Exists(web1Active));
        Assert.False(File.Exists(web1Rotated));
        Assert.True(File.Exists(web2Active));
        Assert.Equal(["web-2_cali2.pcap"], status.FileNames.ToArray());
        Assert.False(Sessions.On("cali2")[0].Disposed);
    }

    [Fact]
    public void Restarts_on_a_new_generation_and_keeps_the_files()
    {
        var active = WriteFile("shop", "cap", "web-1_cali1.pcap");
        _endpoints.Upsert(Web1);
        var agent = StartAgent();
        agent.Tell(CaptureOf("shop", "cap", "app == 'web'", port: 80));
        var first = AwaitSession("cali1");

        agent.Tell(CaptureOf("shop", "cap", "app == 'web'", generation: 2, port: 443));

        var second = AwaitSession("cali1", count: 2);
        Assert.True(first.Disposed);
        Assert.Equal(1, second.StartCalls);
        Assert.Contains("443", second.Options.Filter, StringComparison.Ordinal);
        Assert.DoesNotContain("443", first.Options.Filter, StringComparison.Ordinal);
        var status = AwaitStatus(Cap, s => s.Generation == 2);
        Assert.True(File.Exists(active));
        Assert.Equal(["web-1_cali1.pcap"], status.FileNames.ToArray());
    }

    [Fact]
    public void Removes_the_capture_directory_when_the_capture_is_deleted()
    {
        WriteFile("shop", "cap", "web-1_cali1.pcap");
        WriteFile("shop", "cap", "web-2_cali2-1700000000000000.pcap");
        var kept = WriteFile("shop", "other-cap", "web-1_cali1.pcap");
        _endpoints.Upsert(Web1);
        _endpoints.Upsert(Web2);
        var agent = StartAgent();
        agent.Tell(CaptureOf("shop", "cap", "app == 'web'"));
        var sessions = new[] { AwaitSession("cali1"), AwaitSession("cali2") };

        agent.Tell(CaptureOf("shop", "cap", "app == 'web'", deleted: true));

        AwaitAssert(() =>
        {
            Assert.All(sessions, s => Assert.True(s.Disposed));
            Assert.False(Directory.Exists(CaptureDirectory("shop", "cap")));
        });
        Assert.True(File.Exists(kept));
    }

    [Fact]
    public void Deletes_every_pcap_file_when_the_clean_epoch_grows()
    {
        _endpoints.Upsert(Web1);
        var agent = StartAgent();
        agent.Tell(CaptureOf("shop", "cap", "app == 'web'"));
        var session = AwaitSession("cali1");
        AwaitStatus(Cap, s => Has(s, CaptureState.WaitingForTraffic, "web-1"));
        var active = WriteFile("shop", "cap", "web-1_cali1.pcap");
        var rotated = WriteFile("shop", "cap", "web-1_cali1-1700000000000000.pcap");
        var notPcap = WriteFile("shop", "cap", "README.txt");

        agent.Tell(CaptureOf("shop", "cap", "app == 'web'", cleanEpoch: 1));

        AwaitAssert(() =>
        {
            Assert.False(File.Exists(active));
            Assert.False(File.Exists(rotated));
        });
        _latest.Remove(Cap);
        var status = AwaitStatus(Cap, s => s.FileNames.IsEmpty);
        Assert.True(File.Exists(notPcap));
        Assert.False(session.Disposed);
        Assert.Equal(CaptureState.WaitingForTraffic, status.State);
    }

    [Fact]
    public void Reports_an_open_failure_as_error_while_another_capture_keeps_running()
    {
        Sessions.StartFailure = o => o.InterfaceName == "cali3" ? new CaptureOpenException("cali3", "No such device exists") : null;
        _endpoints.Upsert(Web1);
        _endpoints.Upsert(Db1);
        var agent = StartAgent();
        agent.Tell(CaptureOf("shop", "cap", "app == 'web'"));
        agent.Tell(CaptureOf("shop", "dbcap", "app == 'db'"));

        var failed = AwaitStatus(new CaptureKey("shop", "dbcap"), s => s.State == CaptureState.Error);
        var running = AwaitStatus(Cap, s => Has(s, CaptureState.WaitingForTraffic, "web-1"));

        Assert.Equal("db-1/cali3: cannot capture on interface cali3: No such device exists", failed.Reason);
        Assert.Equal(CaptureState.Error, Assert.Single(failed.Endpoints).State);
        Assert.Null(running.Reason);
        var web = Assert.Single(Sessions.On("cali1"));
        Assert.Equal(0, web.StopCalls);
    }

    [Fact]
    public void Reports_an_unexpected_exception_as_error_and_keeps_serving()
    {
        Sessions.StartFailure = o => o.InterfaceName == "cali1" ? new InvalidOperationException("scripted crash") : null;
        _endpoints.Upsert(Web1);
        var agent = StartAgent();
        Watch(agent);
        agent.Tell(CaptureOf("shop", "cap", "app == 'web'"));

        var failed = AwaitStatus(Cap, s => s.State == CaptureState.Error);
        Assert.Equal("web-1/cali1: scripted crash", failed.Reason);

        _endpoints.Upsert(Web2);
        var status = AwaitStatus(Cap, s => s.Endpoints.Length == 2);
        Assert.Equal(CaptureState.Error, status.Endpoints[0].State);
        Assert.Equal(CaptureState.WaitingForTraffic, status.Endpoints[1].State);
        Assert.Equal(1, AwaitSession("cali2").StartCalls);
        Assert.Single(Sessions.On("cali1"));
        ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public async Task Coalesces_many_changes_into_one_report_with_sorted_file_names()
    {
        _endpoints.Upsert(Web2);
        _endpoints.Upsert(Web1);
        var agent = StartAgent();
        agent.Tell(CaptureOf("shop", "cap", "app == 'web'"));
        AwaitStatus(Cap, s => Has(s, CaptureState.WaitingForTraffic, "web-1", "web-2"));
        var sessions = new[] { AwaitSession("cali2"), AwaitSession("cali1") };
        WriteFile("shop", "cap", "web-2_cali2.pcap");
        WriteFile("shop", "cap", "web-1_cali1-1700000000000002.pcap");
        WriteFile("shop", "cap", "web-1_cali1.pcap");
        WriteFile("shop", "cap", "web-1_cali1-1700000000000001.pcap");

        foreach (var session in sessions)
        {
            session.RaiseFirstPacket();
            session.RaiseRotation(new FileRotation($"{session.Options.PodName}_{session.Options.InterfaceName}.pcap", "x.pcap", 100, 1));
            session.RaiseRotation(new FileRotation($"{session.Options.PodName}_{session.Options.InterfaceName}.pcap", "y.pcap", 100, 1));
            session.RaiseFilesDeleted("z.pcap");
            await SyncAsync(session.Owner);
        }

        await SyncAsync(agent);
        Assert.Equal(4, _captures.ReceiveN(4, TimeSpan.FromSeconds(1)).OfType<ReportFileRotated>().Count());
        Assert.False(_captures.HasMessages);

        Clock.Advance(Settings.StatusReportInterval);

        var report = _captures.ExpectMsg<ReportNodeStatus>();
        await SyncAsync(agent);
        _captures.ExpectNoMsg(TimeSpan.Zero);
        Assert.True(Has(report.Status, CaptureState.Capturing, "web-1", "web-2"));
        Assert.Equal(
            ["web-1_cali1-1700000000000001.pcap", "web-1_cali1-1700000000000002.pcap", "web-1_cali1.pcap", "web-2_cali2.pcap"],
            report.Status.FileNames.ToArray());
    }

    [Fact]
    public void Sums_the_counters_of_its_endpoints()
    {
        _endpoints.Upsert(Web1);
        _endpoints.Upsert(Web2);
        var agent = StartAgent();
        agent.Tell(CaptureOf("shop", "cap", "app == 'web'"));
        AwaitSession("cali1").Counters = new CaptureCounters(10, 1000, 10, 1, 0, 1);
        AwaitSession("cali2").Counters = new CaptureCounters(5, 500, 6, 1, 2, 1);

        var status = AwaitStatus(Cap, s => s.Counters.Packets == 15);

        Assert.Equal(new TrafficCounters(15, 1500, 2, 2), status.Counters);
        Assert.Equal([10L, 5L], status.Endpoints.Select(e => e.Counters.Packets));
    }

    [Fact]
    public void Reports_a_file_rotation_at_once()
    {
        _endpoints.Upsert(Web1);
        var agent = StartAgent();
        agent.Tell(CaptureOf("shop", "cap", "app == 'web'"));
        var session = AwaitSession("cali1");
        session.RaiseFirstPacket();

        session.RaiseRotation(new FileRotation("web-1_cali1.pcap", "web-1_cali1-1700000000000000.pcap", 2048, 7));

        var rotation = _captures.FishForMessage<ReportFileRotated>(_ => true);
        Assert.Equal(Cap, rotation.Key);
        Assert.Equal(new NodeFileRotation("node-a", 1, "web-1", "cali1", "web-1_cali1-1700000000000000.pcap", 2048, 7), rotation.Rotation);
    }

    [Fact]
    public void Restarts_a_capture_when_its_interface_comes_back()
    {
        _endpoints.Upsert(Web1);
        var agent = StartAgent();
        agent.Tell(CaptureOf("shop", "cap", "app == 'web'"));
        var first = AwaitSession("cali1");

        first.RaiseInterfaceGone();
        var gone = AwaitStatus(Cap, s => s.State == CaptureState.Finished);
        Assert.Equal("interface cali1 went away", gone.Endpoints[0].Reason);

        // Still gone on the next checks: nothing restarts.
        Clock.Advance(Settings.CountersInterval);
        Assert.Single(Sessions.On("cali1"));

        _presentInterfaces["cali1"] = true;
        ScriptedCaptureSession? second = null;
        AwaitAssert(() =>
        {
            Clock.Advance(Settings.CountersInterval);
            var sessions = Sessions.On("cali1");
            Assert.Equal(2, sessions.Count);
            second = sessions[1];
        });

        Assert.True(first.Disposed);
        Assert.Equal(1, second!.StartCalls);
        AwaitStatus(Cap, s => Has(s, CaptureState.WaitingForTraffic, "web-1"));
    }

    [Fact]
    public void Re_subscribes_to_endpoints_after_the_watch_fails()
    {
        var agent = StartAgent();
        agent.Tell(CaptureOf("shop", "cap", "app == 'web'"));
        _endpoints.Upsert(Web1);
        AwaitSession("cali1");

        _endpoints.Fault(new IOException("watch broke"));
        _endpoints.Upsert(Web2);

        AwaitAssert(() =>
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Single(Sessions.On("cali2"));
        });
    }
    private static readonly UniqueAddress ReplicaNode = new(new Address("akka.tcp", "test", "127.0.0.1", 4000), 1);

    /// <summary>Starts an agent fed by a probe replicator; returns once it subscribed to every bucket.</summary>
    private IActorRef StartReplicatedAgent()
    {
        var replicator = CreateTestProbe();
        var agent = Sys.ActorOf(NodeAgent.Props(Settings, _endpoints, Sessions, _captures.Ref, replicator.Ref, _ => false));
        var subscribed = Enumerable.Range(0, DesiredCaptures.BucketCount).Select(_ => replicator.ExpectMsg<Subscribe>()).ToList();
        Assert.All(subscribed, s => Assert.Equal(agent, s.Subscriber));
        Assert.Equal(DesiredCaptures.AllKeys.Select(k => k.Id), subscribed.Select(s => s.Key.Id));
        return agent;
    }

    /// <summary>What the replicator tells subscribers: the whole map of the bucket holding <paramref name="captures"/>.</summary>
    private static Changed BucketOf(params DesiredCapture[] captures)
    {
        var key = DesiredCaptures.KeyFor(captures[0].Key);
        var map = LWWDictionary<string, DesiredCapture>.Empty;
        foreach (var capture in captures)
        {
            Assert.Equal(key, DesiredCaptures.KeyFor(capture.Key));
            map = map.SetItem(ReplicaNode, capture.Key.EntityId, capture);
        }

        return new Changed(key, map);
    }

    [Fact]
    public void Follows_the_replicated_desired_captures()
    {
        _endpoints.Upsert(Web1);
        WriteFile("shop", "cap", "web-1_cali1.pcap");
        var agent = StartReplicatedAgent();

        var live = CaptureOf("shop", "cap", "app == 'web'");
        agent.Tell(BucketOf(live));
        var session = AwaitSession("cali1");

        agent.Tell(BucketOf(live with { Deleted = true }));

        AwaitAssert(() =>
        {
            Assert.True(session.Disposed);
            Assert.False(Directory.Exists(CaptureDirectory("shop", "cap")));
        });
    }

    [Fact]
    public void Captures_in_different_buckets_are_both_reconciled()
    {
        _endpoints.Upsert(Web1);
        _endpoints.Upsert(Db1);
        var agent = StartReplicatedAgent();
        var web = CaptureOf("shop", "cap", "app == 'web'");
        var db = CaptureOf("shop", "other", "app == 'db'");
        Assert.NotEqual(DesiredCaptures.KeyFor(web.Key), DesiredCaptures.KeyFor(db.Key));

        agent.Tell(BucketOf(web));
        agent.Tell(BucketOf(db));

        AwaitSession("cali1");
        AwaitSession("cali3");
        AwaitStatus(Cap, s => Has(s, CaptureState.WaitingForTraffic, "web-1"));
        AwaitStatus(db.Key, s => Has(s, CaptureState.WaitingForTraffic, "db-1"));
    }

    [Fact]
    public void A_delete_in_one_bucket_leaves_the_captures_of_another_bucket_running()
    {
        _endpoints.Upsert(Web1);
        _endpoints.Upsert(Db1);
        WriteFile("shop", "cap", "web-1_cali1.pcap");
        WriteFile("shop", "other", "db-1_cali3.pcap");
        var agent = StartReplicatedAgent();
        var web = CaptureOf("shop", "cap", "app == 'web'");
        var db = CaptureOf("shop", "other", "app == 'db'");
        agent.Tell(BucketOf(web));
        agent.Tell(BucketOf(db));
        var webSession = AwaitSession("cali1");
        var dbSession = AwaitSession("cali3");

        agent.Tell(BucketOf(db with { Deleted = true }));
        // The other bucket notified again, unchanged (a tick re-delivers the whole bucket): no restart.
        agent.Tell(BucketOf(web));
        // A third bucket after both: once its capture runs, the two changes before it were acted on.
        agent.Tell(BucketOf(CaptureOf("shop", "cap-2", "app == 'db'")));
        AwaitSession("cali3", count: 2);

        AwaitAssert(() =>
        {
            Assert.True(dbSession.Disposed);
            Assert.False(Directory.Exists(CaptureDirectory("shop", "other")));
        });
        var status = AwaitStatus(Cap, s => Has(s, CaptureState.WaitingForTraffic, "web-1"));
        Assert.False(webSession.Disposed);
        Assert.Single(Sessions.On("cali1"));
        Assert.True(Directory.Exists(CaptureDirectory("shop", "cap")));
        Assert.Equal(1, status.Generation);
    }
}
