using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.DistributedData;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using PacketCapture.Actors.Configuration;

namespace PacketCapture.Actors.Captures;

/// <summary>
/// One PacketCapture, sharded by <c>namespace/name</c> and event-sourced. It stays thin:
/// recover by <see cref="CaptureAggregate.Apply"/>; for each command <see cref="CaptureRules.Decide"/>,
/// persist, then reply once; publish the desired state to every node; keep the capture-wide
/// start and end timers armed from the state.
/// </summary>
public sealed class PacketCaptureEntity : ReceivePersistentActor, IWithTimers
{
    /// <summary>Tag on every event, for queries across all captures.</summary>
    public const string CaptureTag = "capture";

    /// <summary>The longest single timer; a later boundary is re-armed when it fires (the scheduler's range is finite).</summary>
    internal static readonly TimeSpan LongestTimer = TimeSpan.FromDays(1);

    private const string ScheduleTimer = "schedule";

    // Pushed to every member at once rather than left to gossip (~2 s): nodes start and stop on
    // time. A member that does not answer still gets it by gossip; the timeout is only logged.
    private static readonly IWriteConsistency PublishConsistency = new WriteAll(TimeSpan.FromSeconds(3));

    private readonly CaptureKey _key;
    private readonly EntitySettings _settings;
    private readonly IActorRef? _replicator;
    private readonly bool _sharded;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private CaptureAggregate _state;
    private DesiredCapture? _published;
    private long _eventsSinceSnapshot;
    private IActorRef? _awaitingPersist;
    private bool _passivating;

    /// <summary>Creates the entity for <paramref name="key"/>.</summary>
    /// <param name="key">The capture this entity owns.</param>
    /// <param name="settings">Snapshot interval.</param>
    /// <param name="replicator">The DistributedData replicator to publish desired state to; null publishes nothing (tests).</param>
    /// <param name="sharded">True under a shard: a deleted or unknown capture then passivates itself.</param>
    public PacketCaptureEntity(CaptureKey key, EntitySettings settings, IActorRef? replicator, bool sharded)
    {
        _sharded = sharded;
        _key = key;
        _settings = settings;
        _replicator = replicator;
        _state = CaptureAggregate.Empty(key);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is CaptureAggregate snapshot)
            {
                _state = snapshot;
            }
        });
        Recover<ICaptureEvent>(e => _state = _state.Apply(e));

        // Journals that keep the tagging wrapper (the in-memory one) replay it as written.
        Recover<Tagged>(t => _state = _state.Apply((ICaptureEvent)t.Payload));
        Recover<RecoveryCompleted>(_ => AfterChange());

        Command<ICaptureCommand>(Handle);
        Command<SaveSnapshotSuccess>(s => _log.Debug("capture {0}: snapshot at {1}", _key, s.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(f => _log.Warning("capture {0}: snapshot failed: {1}", _key, f.Cause.Message));
        Command<UpdateSuccess>(_ => { });
        Command<UpdateTimeout>(_ => _log.Info("capture {0}: not every member confirmed the desired state in time; gossip will carry it", _key));
        Command<IUpdateFailure>(f => _log.Warning("capture {0}: publishing desired state failed: {1}", _key, f));
    }

    /// <summary>Creates a sharded entity; its key is its entity id, which sharding puts (escaped) in the actor's name.</summary>
    /// <param name="settings">Snapshot interval.</param>
    /// <param name="replicator">The DistributedData replicator to publish desired state to.</param>
    public PacketCaptureEntity(EntitySettings settings, IActorRef? replicator)
        : this(KeyFromName(Context.Self.Path.Name), settings, replicator, true)
    {
    }

    /// <summary>The persistence id of a capture's event stream; it outlives deletes (the audit trail).</summary>
    public static string PersistenceIdOf(CaptureKey key) => $"packetcapture/{key.EntityId}";

    /// <summary>Props for a standalone entity (tests); sharding uses <see cref="CaptureRegion"/>.</summary>
    public static Props Props(CaptureKey key, EntitySettings settings, IActorRef? replicator) =>
        Akka.Actor.Props.Create(() => new PacketCaptureEntity(key, settings, replicator, false));

    /// <inheritdoc />
    public override string PersistenceId => PersistenceIdOf(_key);

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    private void Handle(ICaptureCommand command)
    {
        if (_passivating)
        {
            // Already asked the shard to stop us: the shard buffers this command and delivers it
            // to the next incarnation, so nothing is decided by an entity about to stop.
            Context.Parent.Forward(command);
            return;
        }

        if (command.Key != _key)
        {
            Sender.Tell(new CaptureRejected(command.Key, RejectionReason.Invalid, $"command for {command.Key} reached capture {_key}"));
            return;
        }

        var decision = CaptureRules.Decide(_state, command, Context.System.Scheduler.Now);
        if (decision.Rejection is { } rejection)
        {
            ReplyIfAsked(command, Sender, rejection);
            ArmTimer();
            PassivateIfGone();
            return;
        }

        if (decision.Events.IsEmpty)
        {
            if (command is ReportNodeStatus report)
            {
                _state = _state.WithLiveCounters(report.Status);
            }

            ReplyIfAsked(command, Sender, new CaptureSucceeded(_state.View()));
            ArmTimer();
            return;
        }

        var replyTo = Sender;
        _awaitingPersist = replyTo;
        var tags = new[] { CaptureTag, $"ns:{_key.Namespace}" };
        var remaining = decision.Events.Length;
        PersistAll(decision.Events.Select(e => new Tagged(e, tags)), tagged =>
        {
            _state = _state.Apply((ICaptureEvent)tagged.Payload);
            _eventsSinceSnapshot++;
            if (--remaining > 0)
            {
                return;
            }

            _awaitingPersist = null;
            ReplyIfAsked(command, replyTo, new CaptureSucceeded(_state.View()));
            AfterChange();
            if (_eventsSinceSnapshot >= _settings.SnapshotEvery)
            {
                _eventsSinceSnapshot = 0;
                SaveSnapshot(_state);
            }

            PassivateIfGone();
        });
    }

    /// <inheritdoc />
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        // The state is untouched (events are applied only once persisted); the caller hears why,
        // then the entity stops and the next command recovers it from the journal.
        _awaitingPersist?.Tell(new CaptureRejected(_key, RejectionReason.Unavailable,
            $"the journal could not persist the change to {_key}: {cause.Message}"));
        _awaitingPersist = null;
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <inheritdoc />
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _awaitingPersist?.Tell(new CaptureRejected(_key, RejectionReason.Unavailable,
            $"the journal rejected the change to {_key}: {cause.Message}"));
        _awaitingPersist = null;
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    private static CaptureKey KeyFromName(string actorName) =>
        CaptureKey.TryParseEntityId(Uri.UnescapeDataString(actorName), out var key)
            ? key!
            : throw new InvalidOperationException($"capture entity name '{actorName}' is not an escaped namespace/name");

    private static void ReplyIfAsked(ICaptureCommand command, IActorRef replyTo, CaptureReply reply)
    {
        // Node reports and timers expect no answer: replying would send a whole view per report.
        if (command is ReportNodeStatus or ReportFileRotated or ReachScheduleBoundary || replyTo.IsNobody())
        {
            return;
        }

        replyTo.Tell(reply);
    }

    private void AfterChange()
    {
        Publish();
        ArmTimer();
    }

    private void Publish()
    {
        var desired = _state.Desired();
        if (_replicator is null || desired is null || desired == _published)
        {
            return;
        }

        _published = desired;
        var self = Cluster.Get(Context.System).SelfUniqueAddress;
        var entityId = _key.EntityId;
        _replicator.Tell(Dsl.Update(
            DesiredCaptures.KeyFor(_key),
            LWWDictionary<string, DesiredCapture>.Empty,
            PublishConsistency,
            map => map.SetItem(self, entityId, desired)));
    }

    private void ArmTimer()
    {
        if (_state.PendingBoundary() is not { } pending)
        {
            Timers.Cancel(ScheduleTimer);
            return;
        }

        var delay = pending.At - Context.System.Scheduler.Now;
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        Timers.StartSingleTimer(
            ScheduleTimer,
            new ReachScheduleBoundary(_key, pending.Boundary, Requester.System),
            delay > LongestTimer ? LongestTimer : delay);
    }

    private void PassivateIfGone()
    {
        if (_sharded && !_state.Exists && !_passivating)
        {
            _passivating = true;
            Timers.CancelAll();
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        }
    }
}
