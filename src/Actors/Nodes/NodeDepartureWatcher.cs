using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
using PacketCapture.Actors.Captures;

namespace PacketCapture.Actors.Nodes;

/// <summary>
/// Runs on every member: when a member carrying a node role (<see cref="NodeRoles"/>) is removed from
/// the cluster (left, or downed by the split-brain resolver), tells every existing capture that the
/// node is lost (<see cref="ReportNodeLost"/>). The capture decides whether that changes anything
/// (<see cref="NodeDepartures"/>), so the reports of the other members are harmless repeats.
/// </summary>
/// <remarks>
/// Sent through the shard region, so a capture whose entity lived on the lost member gets it too once
/// its shard is allocated on a surviving member and the entity recovered; each is asked and retried
/// until the entity answers (bounded), because a message sent while the region still routes to the
/// lost member is dropped.
/// Every member watches (not a singleton): a singleton on the lost member would restart elsewhere
/// after the removal and never see it.
/// </remarks>
public sealed class NodeDepartureWatcher : ReceiveActor
{
    private readonly IActorRef _captures;
    private readonly IActorRef _replicator;
    // Each try waits this long for the entity's answer; failover (detection, downing, recovery) fits in the tries.
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private const int MaxAttempts = 24;

    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // What every capture's entity published, per bucket: which captures exist now.
    private readonly IReadOnlyDictionary<string, DesiredCapture>[] _desired =
        [.. Enumerable.Repeat<IReadOnlyDictionary<string, DesiredCapture>>(new Dictionary<string, DesiredCapture>(), DesiredCaptures.BucketCount)];

    /// <summary>Creates the watcher.</summary>
    /// <param name="captures">The capture shard region.</param>
    /// <param name="replicator">The DistributedData replicator (desired captures).</param>
    public NodeDepartureWatcher(IActorRef captures, IActorRef replicator)
    {
        _captures = captures;
        _replicator = replicator;
        Receive<Changed>(OnChanged);
        Receive<ClusterEvent.MemberRemoved>(OnRemoved);
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<Delivered>(_ => { });
        Receive<Undelivered>(OnUndelivered);
    }

    /// <summary>Props for the watcher.</summary>
    public static Props Props(IActorRef captures, IActorRef replicator) =>
        Akka.Actor.Props.Create(() => new NodeDepartureWatcher(captures, replicator));

    /// <inheritdoc />
    protected override void PreStart()
    {
        foreach (var key in DesiredCaptures.AllKeys)
        {
            _replicator.Tell(Dsl.Subscribe(key, Self));
        }

        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberRemoved));
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        foreach (var key in DesiredCaptures.AllKeys)
        {
            _replicator.Tell(Dsl.Unsubscribe(key, Self));
        }
    }

    private void OnChanged(Changed changed)
    {
        var bucket = DesiredCaptures.IndexOf(changed.Key);
        if (bucket >= 0)
        {
            _desired[bucket] = changed.Get(DesiredCaptures.AllKeys[bucket]).Entries;
        }
    }

    private void OnRemoved(ClusterEvent.MemberRemoved removed)
    {
        var member = removed.Member;
        if (member.UniqueAddress == _cluster.SelfUniqueAddress || NodeRoles.NodeOf(member.Roles) is not { } node)
        {
            return;
        }

        // The node already came back as a new member (a quick restart): its agent reports for itself.
        if (_cluster.State.Members.Any(m => m.UniqueAddress != member.UniqueAddress && m.Status == MemberStatus.Up && m.HasRole(NodeRoles.For(node))))
        {
            return;
        }

        var departure = removed.PreviousStatus == MemberStatus.Down ? NodeDeparture.Downed : NodeDeparture.Left;
        var told = 0;
        foreach (var capture in _desired.SelectMany(b => b.Values).Where(d => !d.Deleted))
        {
            Send(new Delivery(new ReportNodeLost(capture.Key, node, departure, Requester.System), 1));
            told++;
        }

        _log.Info("node {0} ({1}) {2}; telling {3} captures", node, member.Address,
            departure == NodeDeparture.Left ? "left the cluster" : "was downed", told);
    }

    // Asked, not told: a capture whose shard was on the lost member may get the message while the
    // region still routes to the dead member (the region and this watcher hear of the removal at the
    // same moment), and it is dropped there. An answer proves the entity decided; no answer is retried.
    private void Send(Delivery delivery) =>
        _captures.Ask<CaptureReply>(delivery.Command, AskTimeout)
            .PipeTo(Self, success: _ => Delivered.Instance, failure: _ => new Undelivered(delivery));

    private void OnUndelivered(Undelivered undelivered)
    {
        var delivery = undelivered.Delivery;
        if (delivery.Attempt >= MaxAttempts)
        {
            _log.Warning("capture {0}: node {1} could not be marked lost after {2} attempts", delivery.Command.Key, delivery.Command.Node, delivery.Attempt);
            return;
        }

        Send(delivery with { Attempt = delivery.Attempt + 1 });
    }

    private sealed record Delivery(ReportNodeLost Command, int Attempt);

    private sealed record Undelivered(Delivery Delivery);

    private sealed class Delivered
    {
        public static readonly Delivered Instance = new();
    }
}
