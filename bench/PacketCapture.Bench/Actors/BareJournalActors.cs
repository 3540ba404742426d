using Akka.Actor;
using Akka.Persistence;

namespace PacketCapture.Bench.Actors;

/// <summary>Replays a persistence id from the start (snapshots ignored) and only counts; answers
/// <see cref="CountQuery"/> with the count once recovered (earlier queries are stashed by recovery).</summary>
internal sealed class ReplayCounter : UntypedPersistentActor
{
    private readonly string _persistenceId;
    private long _count;

    public ReplayCounter(string persistenceId) => _persistenceId = persistenceId;

    public override string PersistenceId => _persistenceId;

    public override Recovery Recovery => new(SnapshotSelectionCriteria.None);

    public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new ReplayCounter(persistenceId));

    protected override void OnRecover(object message)
    {
        if (message is not RecoveryCompleted)
        {
            _count++;
        }
    }

    protected override void OnCommand(object message)
    {
        if (message is CountQuery)
        {
            Sender.Tell(_count);
        }
    }
}

/// <summary>Asks a replay count.</summary>
internal sealed class CountQuery
{
    public static readonly CountQuery Instance = new();
}

/// <summary>Persists one small event (16 bytes, the byte-array serializer) per <see cref="WriteOne"/>, one at a
/// time like the capture entity; answers <see cref="CountQuery"/> once every earlier write is persisted.</summary>
internal sealed class BareWriter : UntypedPersistentActor
{
    private static readonly byte[] Payload = new byte[16];
    private readonly string _persistenceId;
    private long _count;

    public BareWriter(string persistenceId) => _persistenceId = persistenceId;

    public override string PersistenceId => _persistenceId;

    public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new BareWriter(persistenceId));

    protected override void OnRecover(object message)
    {
        if (message is byte[])
        {
            _count++;
        }
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case WriteOne:
                Persist(Payload, _ => _count++);
                break;
            case CountQuery:
                Sender.Tell(_count);
                break;
        }
    }
}

/// <summary>Asks a <see cref="BareWriter"/> to persist one event.</summary>
internal sealed class WriteOne
{
    public static readonly WriteOne Instance = new();
}

/// <summary>Deletes every snapshot of a persistence id without replaying it; answers <see cref="CountQuery"/> with 1 when done.</summary>
internal sealed class SnapshotDeleter : UntypedPersistentActor
{
    private readonly string _persistenceId;
    private IActorRef? _replyTo;

    public SnapshotDeleter(string persistenceId) => _persistenceId = persistenceId;

    public override string PersistenceId => _persistenceId;

    public override Recovery Recovery => Recovery.None;

    public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new SnapshotDeleter(persistenceId));

    protected override void OnRecover(object message)
    {
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case CountQuery:
                _replyTo = Sender;
                DeleteSnapshots(SnapshotSelectionCriteria.Latest);
                break;
            case DeleteSnapshotsSuccess:
                _replyTo?.Tell(1L);
                break;
            case DeleteSnapshotsFailure failure:
                _replyTo?.Tell(new Status.Failure(failure.Cause));
                break;
        }
    }
}

/// <summary>Receives node reports in place of the capture region (memory measure) and drops them.</summary>
internal sealed class Sink : ReceiveActor
{
    public Sink() => ReceiveAny(_ => { });
}
