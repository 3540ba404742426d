using Xunit;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Configuration;
using PacketCapture.Actors.Model;
using static PacketCapture.Actors.Tests.Entity.EntityFixture;

namespace PacketCapture.Actors.Tests.Entity;

/// <summary>The entity's <see cref="CaptureStatusChanged"/> announcements, seen by a probe standing in for the mediator.</summary>
public sealed class StatusAnnouncementTests : Akka.TestKit.Xunit2.TestKit
{
    // Its own capture: FailingJournal's failing streams are shared by every test class.
    private static readonly CaptureKey Announced = new("shop", "announced");

    private readonly TestProbe _mediator;
    private readonly EntitySettings _settings;

    public StatusAnnouncementTests()
        : base(EntityFixture.Config(), "announcements")
    {
        _settings = PacketCaptureSettings.FromConfig(Sys.Settings.Config).Entity;
        _mediator = CreateTestProbe();
    }

    [Fact]
    public void A_persisted_apply_announces_the_replied_view_to_the_capture_its_namespace_and_all()
    {
        var entity = Spawn();

        entity.Tell(new ApplyCapture(Resource("announced"), Alice));
        var replied = ExpectMsg<CaptureSucceeded>().View;

        var published = ExpectAnnouncement();
        Assert.Equal(
            [CaptureTopics.Of(Announced), CaptureTopics.OfNamespace("shop"), CaptureTopics.All],
            published.Select(p => p.Topic));
        Assert.All(published, p => Assert.Equal(replied, ((CaptureStatusChanged)p.Message).View));
        Assert.All(published, p => Assert.Same(published[0].Message, p.Message));
    }

    [Fact]
    public void Nothing_is_announced_when_the_journal_fails_the_write()
    {
        var entity = Spawn();
        entity.Tell(new ApplyCapture(Resource("announced", port: 80), Alice));
        ExpectMsg<CaptureSucceeded>();
        ExpectAnnouncement();

        FailingJournal.FailWrites(PacketCaptureEntity.PersistenceIdOf(Announced), true);
        try
        {
            entity.Tell(new ApplyCapture(Resource("announced", port: 443), Alice));
            Assert.Equal(RejectionReason.Unavailable, ExpectMsg<CaptureRejected>().Reason);
            _mediator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        }
        finally
        {
            FailingJournal.FailWrites(PacketCaptureEntity.PersistenceIdOf(Announced), false);
        }
    }

    [Fact]
    public void Queries_rejections_unchanged_applies_and_counters_alone_announce_nothing_but_a_new_node_state_does()
    {
        var entity = Spawn();
        entity.Tell(new ApplyCapture(Resource("announced"), Alice));
        ExpectMsg<CaptureSucceeded>();
        ExpectAnnouncement();
        var node = Requester.ForNode("node-a");

        entity.Tell(new GetCapture(Announced, Alice));
        ExpectMsg<CaptureSucceeded>();
        entity.Tell(new ApplyCapture(Resource("announced"), Alice));
        ExpectMsg<CaptureSucceeded>();
        _mediator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        entity.Tell(new ReportNodeStatus(Announced, Node("node-a", 1, CaptureState.Capturing, 10, "web-1_cali1.pcap"), node));
        var capturing = ((CaptureStatusChanged)ExpectAnnouncement()[0].Message).View;
        Assert.Equal(CaptureState.Capturing, capturing.State);
        Assert.Equal(10, capturing.Nodes.Single().Counters.Packets);

        entity.Tell(new CleanCaptureFiles(Announced, Alice));
        Assert.Equal(RejectionReason.Forbidden, ExpectMsg<CaptureRejected>().Reason);
        _mediator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        // Same state and files, more packets: kept in memory, never announced (subscribers get
        // fresh counters with GetCapture).
        entity.Tell(new ReportNodeStatus(Announced, Node("node-a", 1, CaptureState.Capturing, 500, "web-1_cali1.pcap"), node));
        _mediator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void Delete_announces_the_deleted_view()
    {
        var entity = Spawn();
        entity.Tell(new ApplyCapture(Resource("announced"), Alice));
        ExpectMsg<CaptureSucceeded>();
        ExpectAnnouncement();

        entity.Tell(new DeleteCapture(Announced, Alice));
        ExpectMsg<CaptureSucceeded>();

        var deleted = ((CaptureStatusChanged)ExpectAnnouncement()[0].Message).View;
        Assert.True(deleted.Deleted);
        Assert.Equal(Announced, deleted.Key);
    }

    /// <summary>The three publishes of one announcement, in order.</summary>
    private List<Publish> ExpectAnnouncement() =>
        [_mediator.ExpectMsg<Publish>(), _mediator.ExpectMsg<Publish>(), _mediator.ExpectMsg<Publish>()];

    private IActorRef Spawn() => Sys.ActorOf(PacketCaptureEntity.Props(Announced, _settings, replicator: null, _mediator.Ref));
}
