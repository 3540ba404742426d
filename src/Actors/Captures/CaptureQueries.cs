using System.Collections.Immutable;
using PacketCapture.Actors.Model;

namespace PacketCapture.Actors.Captures;

/// <summary>Ask for the capture with its status. Answered with <see cref="CaptureSucceeded"/>
/// or <see cref="CaptureRejected"/> (<see cref="RejectionReason.NotFound"/>).</summary>
/// <param name="Key">The capture.</param>
/// <param name="By">Who asked.</param>
public sealed record GetCapture(CaptureKey Key, Requester By) : ICaptureCommand;

/// <summary>The one reply to every command and query.</summary>
public abstract record CaptureReply : ICaptureMessage
{
    /// <inheritdoc />
    public abstract CaptureKey Key { get; }
}

/// <summary>The command was carried out (its events are persisted); the capture as it is now.</summary>
/// <param name="View">The capture after the command.</param>
public sealed record CaptureSucceeded(CaptureView View) : CaptureReply
{
    /// <inheritdoc />
    public override CaptureKey Key => View.Key;
}

/// <summary>The command was refused or could not be persisted; nothing changed.</summary>
/// <param name="CaptureKey">The capture.</param>
/// <param name="Reason">Why, as a code a transport maps to a status (404, 409, 403, 503…).</param>
/// <param name="Message">One line for a person, naming what is wrong.</param>
public sealed record CaptureRejected(CaptureKey CaptureKey, RejectionReason Reason, string Message) : CaptureReply
{
    /// <inheritdoc />
    public override CaptureKey Key => CaptureKey;
}

/// <summary>Why a command was refused.</summary>
public enum RejectionReason
{
    /// <summary>No such capture (never created, or deleted).</summary>
    NotFound,

    /// <summary>The command itself is wrong (for example a resource that does not validate).</summary>
    Invalid,

    /// <summary>The command conflicts with the capture's state (stale generation, wrong incarnation).</summary>
    Conflict,

    /// <summary>Not allowed in the current state (cleaning files before every node is Finished).</summary>
    Forbidden,

    /// <summary>The journal could not persist the events; retry later.</summary>
    Unavailable,

    /// <summary>A create-only apply (<see cref="ApplyMode.CreateOnly"/>) named a capture that exists.</summary>
    AlreadyExists,
}

/// <summary>A capture as users see it: the resource with its status, plus per-node detail.</summary>
/// <param name="Key">The capture.</param>
/// <param name="Resource">Metadata (generation set), spec, and status (one <c>files</c> entry per node, by node name).</param>
/// <param name="State">The capture as a whole (SPEC.md §6 states).</param>
/// <param name="Deleted">True once deleted (the view a delete returns).</param>
/// <param name="Nodes">Each node's last report, by node name.</param>
public sealed record CaptureView(
    CaptureKey Key,
    PacketCaptureResource Resource,
    CaptureState State,
    bool Deleted,
    ImmutableArray<NodeStatus> Nodes)
{
    /// <inheritdoc />
    public bool Equals(CaptureView? other) =>
        other is not null && Key == other.Key && Resource == other.Resource && State == other.State &&
        Deleted == other.Deleted && Nodes.SequenceEqual(other.Nodes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Key, State, Deleted, Nodes.Length);
}
