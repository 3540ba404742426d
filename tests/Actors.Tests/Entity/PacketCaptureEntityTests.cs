using Xunit;
using Akka.Actor;
using Akka.DistributedData;
using Akka.Persistence;
using Akka.TestKit;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Configuration;
using PacketCapture.Actors.Model;
using static PacketCapture.Actors.Tests.Entity.EntityFixture;

namespace PacketCapture.Actors.Tests.Entity;

public sealed class PacketCaptureEntityTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly CaptureKey Web = new("shop", "web");

    public PacketCaptureEntityTests()
        : base(EntityFixture.Config(snapshotEvery: 3), "entity")
    {
        Settings = PacketCaptureSettings.FromConfig(Sys.Settings.Config).Entity;
    }

    private EntitySettings Settings { get; }

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    private DateTimeOffset VirtualNow => Sys.Scheduler.Now;

    [Fact]
    public void Apply_creates_the_capture_and_replies_once_with_generation_1()
    {
        var entity = Spawn();

        entity.Tell(new ApplyCapture(Resource("web"), Alice));

        var view = ExpectMsg<CaptureSucceeded>().View;
        Assert.Equal(1, view.Resource.Metadata.Generation);
        Assert.Equal(CaptureState.WaitingForTraffic, view.State);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Scheduled_capture_starts_exactly_at_its_start_time_and_finishes_exactly_at_its_end_time()
    {
        var start = VirtualNow.AddSeconds(10);
        var end = start.AddSeconds(20);
        var entity = Spawn();
        entity.Tell(new ApplyCapture(Resource("web", start, end), Alice));
        Assert.Equal(CaptureState.Scheduled, ExpectMsg<CaptureSucceeded>().View.State);

        Clock.AdvanceTo(start.AddMilliseconds(-1));
        Assert.Equal(CaptureState.Scheduled, StateOf(entity));
        Clock.AdvanceTo(start);
        Assert.Equal(CaptureState.WaitingForTraffic, StateOf(entity));

        Clock.AdvanceTo(end.AddMilliseconds(-1));
        Assert.Equal(CaptureState.WaitingForTraffic, StateOf(entity));
        Clock.AdvanceTo(end);
        Assert.Equal(CaptureState.Finished, StateOf(entity));
    }

    [Fact]
    public void A_start_weeks_ahead_still_fires_at_the_exact_instant()
    {
        var start = VirtualNow.AddDays(30);
        var entity = Spawn();
        entity.Tell(new ApplyCapture(Resource("web", start), Alice));
        ExpectMsg<CaptureSucceeded>();

        // The timer is capped at a day and re-armed each time it fires early.
        while (VirtualNow < start.AddDays(-1))
        {
            Clock.Advance(TimeSpan.FromDays(1));
            Assert.Equal(CaptureState.Scheduled, StateOf(entity));
        }

        Clock.AdvanceTo(start.AddMilliseconds(-1));
        Assert.Equal(CaptureState.Scheduled, StateOf(entity));
        Clock.AdvanceTo(start);
        Assert.Equal(CaptureState.WaitingForTraffic, StateOf(entity));
    }

    [Fact]
    public void Recovery_from_events_restores_the_status_and_rearms_the_start_timer()
    {
        var start = VirtualNow.AddMinutes(5);
        var entity = Spawn();
        entity.Tell(new ApplyCapture(Resource("web", start), Alice));
        ExpectMsg<CaptureSucceeded>();
        var before = View(entity);

        Restart(ref entity);

        Assert.Equal(before, View(entity));
        Clock.AdvanceTo(start.AddMilliseconds(-1));
        Assert.Equal(CaptureState.Scheduled, StateOf(entity));
        Clock.AdvanceTo(start);
        Assert.Equal(CaptureState.WaitingForTraffic, StateOf(entity));
    }

    [Fact]
    public void Recovery_from_a_snapshot_restores_the_same_state()
    {
        var entity = Spawn();
        entity.Tell(new ApplyCapture(Resource("web"), Alice));
        ExpectMsg<CaptureSucceeded>();
        for (var i = 1; i <= 5; i++)
        {
            entity.Tell(new ReportNodeStatus(
                Web, Node("node-a", 1, CaptureState.Capturing, i, [.. Enumerable.Range(0, i).Select(n => $"web-1_cali1-{n}.pcap")]),
                Requester.ForNode("node-a")));
        }

        var before = View(entity);

        var store = Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        store.Tell(new LoadSnapshot(PacketCaptureEntity.PersistenceIdOf(Web), SnapshotSelectionCriteria.Latest, long.MaxValue));
        var loaded = ExpectMsg<LoadSnapshotResult>();
        Assert.NotNull(loaded.Snapshot);
        Assert.True(loaded.Snapshot.Metadata.SequenceNr >= 3, $"snapshot at {loaded.Snapshot.Metadata.SequenceNr}");

        Restart(ref entity);

        Assert.Equal(before, View(entity));
    }

    [Fact]
    public void A_failed_journal_write_leaves_no_half_applied_state_and_the_caller_gets_an_error()
    {
        var entity = Spawn();
        entity.Tell(new ApplyCapture(Resource("web", port: 80), Alice));
        ExpectMsg<CaptureSucceeded>();
        Watch(entity);

        FailingJournal.FailWrites(PacketCaptureEntity.PersistenceIdOf(Web), true);
        try
        {
            entity.Tell(new ApplyCapture(Resource("web", port: 443), Alice));
            var rejected = ExpectMsg<CaptureRejected>();
            Assert.Equal(RejectionReason.Unavailable, rejected.Reason);
            Assert.Contains("shop/web", rejected.Message, StringComparison.Ordinal);
            ExpectTerminated(entity);
        }
        finally
        {
            FailingJournal.FailWrites(PacketCaptureEntity.PersistenceIdOf(Web), false);
        }

        entity = Spawn();
        var view = View(entity);
        Assert.Equal(1, view.Resource.Metadata.Generation);
        Assert.Equal(80, view.Resource.Spec.EffectiveFilters[0].Ports[0].First);
    }

    [Fact]
    public void Publishes_the_desired_state_to_nodes_on_create_and_delete()
    {
        var replicator = CreateTestProbe();
        var entity = Sys.ActorOf(PacketCaptureEntity.Props(Web, Settings, replicator));

        entity.Tell(new ApplyCapture(Resource("web"), Alice));
        ExpectMsg<CaptureSucceeded>();
        var created = Published(replicator.ExpectMsg<Update>());
        Assert.Equal(1, created.Generation);
        Assert.False(created.Deleted);

        entity.Tell(new DeleteCapture(Web, Alice));
        Assert.True(ExpectMsg<CaptureSucceeded>().View.Deleted);
        Assert.True(Published(replicator.ExpectMsg<Update>()).Deleted);
    }

    [Fact]
    public void Deleted_capture_is_not_found_and_a_new_one_continues_the_generation()
    {
        var entity = Spawn();
        entity.Tell(new ApplyCapture(Resource("web"), Alice));
        ExpectMsg<CaptureSucceeded>();
        entity.Tell(new DeleteCapture(Web, Alice));
        ExpectMsg<CaptureSucceeded>();

        entity.Tell(new GetCapture(Web, Alice));
        Assert.Equal(RejectionReason.NotFound, ExpectMsg<CaptureRejected>().Reason);

        entity.Tell(new ApplyCapture(Resource("web"), Alice));
        Assert.Equal(2, ExpectMsg<CaptureSucceeded>().View.Resource.Metadata.Generation);
    }

    [Fact]
    public void Node_reports_and_rotations_show_in_the_status_and_counters_alone_are_not_persisted()
    {
        var entity = Spawn();
        entity.Tell(new ApplyCapture(Resource("web"), Alice));
        ExpectMsg<CaptureSucceeded>();
        var node = Requester.ForNode("node-a");

        entity.Tell(new ReportNodeStatus(Web, Node("node-a", 1, CaptureState.Capturing, 10, "web-1_cali1.pcap"), node));
        entity.Tell(new ReportFileRotated(Web, new NodeFileRotation("node-a", 1, "web-1", "cali1", "web-1_cali1-1700000000000000.pcap", 1000, 10), node));
        entity.Tell(new ReportNodeStatus(Web, Node("node-a", 1, CaptureState.Capturing, 99, "web-1_cali1.pcap", "web-1_cali1-1700000000000000.pcap"), node));

        var view = View(entity);
        Assert.Equal(["web-1_cali1-1700000000000000.pcap", "web-1_cali1.pcap"], FileNames(view, "node-a").ToArray());
        Assert.Equal(CaptureState.Capturing, view.State);
        Assert.Equal(99, view.Nodes.Single().Counters.Packets);

        // The third report differed from the stored entry (with the rotated file applied) only in
        // its counters, so it lives in memory: after recovery the last persisted report shows.
        Restart(ref entity);
        view = View(entity);
        Assert.Equal(10, view.Nodes.Single().Counters.Packets);
        Assert.Equal(["web-1_cali1-1700000000000000.pcap", "web-1_cali1.pcap"], FileNames(view, "node-a").ToArray());
    }

    private static DesiredCapture Published(Update update)
    {
        var map = (LWWDictionary<string, DesiredCapture>)update.Modify(LWWDictionary<string, DesiredCapture>.Empty);
        return map[Web.EntityId];
    }

    private IActorRef Spawn() => Sys.ActorOf(PacketCaptureEntity.Props(Web, Settings, replicator: null));

    private void Restart(ref IActorRef entity)
    {
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);
        entity = Spawn();
    }

    private CaptureView View(IActorRef entity)
    {
        entity.Tell(new GetCapture(Web, Alice));
        return ExpectMsg<CaptureSucceeded>().View;
    }

    private CaptureState StateOf(IActorRef entity) => View(entity).State;
}
