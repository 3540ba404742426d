using System.Collections.Immutable;
using PacketCapture.Actors.Model;

namespace PacketCapture.Actors.Captures;

/// <summary>
/// The state of one capture, rebuilt from its events: the pure core the entity, the audit
/// replay and the tests share. No Akka types, no clock reads: time comes in as a parameter.
/// </summary>
public sealed record CaptureAggregate : IPacketCaptureMessage
{
    /// <summary>The capture.</summary>
    public required CaptureKey Key { get; init; }

    /// <summary>Metadata and spec as last applied (generation set, no status); null before the first creation.</summary>
    public PacketCaptureResource? Resource { get; init; }

    /// <summary>The spec generation; grows by one per create or spec change, across incarnations.</summary>
    public long Generation { get; init; }

    /// <summary>How many times the capture was created (0: never).</summary>
    public int Incarnation { get; init; }

    /// <summary>True after a delete (until created again).</summary>
    public bool Deleted { get; init; }

    /// <summary>The capture-wide schedule window.</summary>
    public CapturePhase Phase { get; init; }

    /// <summary>How many times the files were cleaned.</summary>
    public long CleanEpoch { get; init; }

    /// <summary>Each node's last report, by node name.</summary>
    public ImmutableSortedDictionary<string, NodeStatus> Nodes { get; init; } =
        ImmutableSortedDictionary.Create<string, NodeStatus>(StringComparer.Ordinal);

    /// <summary>Nodes whose member left the cluster or was downed since their last report (<see cref="NodeLost"/>);
    /// their entries in <see cref="Nodes"/> are kept and marked.</summary>
    public ImmutableSortedSet<string> LostNodes { get; init; } = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    /// <summary>How many events built this state (the entity snapshots every N).</summary>
    public long EventCount { get; init; }

    /// <summary>True while the capture exists (created and not deleted).</summary>
    public bool Exists => Incarnation > 0 && !Deleted;

    /// <summary>The state before any event.</summary>
    public static CaptureAggregate Empty(CaptureKey key) => new() { Key = key };

    /// <summary>The state after <paramref name="event"/>. Total over every event in every state the
    /// decider can produce; an event that cannot follow this state is a bug and throws.</summary>
    public CaptureAggregate Apply(ICaptureEvent @event) => CaptureRules.Apply(this, @event);

    /// <summary>The view users see (resource with status, overall state, node detail).</summary>
    public CaptureView View() => CaptureRules.View(this);

    /// <summary>What nodes should do; null before the first creation.</summary>
    public DesiredCapture? Desired() => Resource is null ? null : new DesiredCapture(Key, Resource, Generation, Deleted, CleanEpoch);

    /// <summary>The schedule boundary the entity must arm a timer for, and when; null when none is pending.</summary>
    public (ScheduleBoundary Boundary, DateTimeOffset At)? PendingBoundary() => CaptureRules.PendingBoundary(this);

    /// <summary>Keeps a counters-only report in memory (not persisted).</summary>
    public CaptureAggregate WithLiveCounters(NodeStatus status) => CaptureRules.WithLiveCounters(this, status);

    /// <inheritdoc />
    public bool Equals(CaptureAggregate? other) =>
        other is not null && Key == other.Key && Resource == other.Resource && Generation == other.Generation &&
        Incarnation == other.Incarnation && Deleted == other.Deleted && Phase == other.Phase &&
        CleanEpoch == other.CleanEpoch && EventCount == other.EventCount && Nodes.SequenceEqual(other.Nodes) &&
        LostNodes.SequenceEqual(other.LostNodes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Key, Generation, Incarnation, Deleted, Phase, EventCount);
}

/// <summary>What a command decided: events to persist (then reply with the view), or a rejection.</summary>
/// <param name="Events">Events to persist, in order; empty for a query or a no-op.</param>
/// <param name="Rejection">Set when the command is refused; then there are no events.</param>
public sealed record Decision(ImmutableArray<ICaptureEvent> Events, CaptureRejected? Rejection)
{
    /// <summary>Nothing to persist; reply with the current view.</summary>
    public static Decision Unchanged { get; } = new([], null);

    /// <summary>Persist these events.</summary>
    public static Decision Accept(params ICaptureEvent[] events) => new([.. events], null);

    /// <summary>Refuse.</summary>
    public static Decision Reject(CaptureKey key, RejectionReason reason, string message) =>
        new([], new CaptureRejected(key, reason, message));

    /// <summary>True when refused.</summary>
    public bool IsRejected => Rejection is not null;

    /// <inheritdoc />
    public bool Equals(Decision? other) =>
        other is not null && Rejection == other.Rejection && Events.SequenceEqual(other.Events);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Events.Length, Rejection);
}
