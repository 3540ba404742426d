using PacketCapture.Actors.Model;

namespace PacketCapture.Actors.Captures;

/// <summary>Create the capture, or update its metadata and spec when it exists.
/// The resource is validated again here (the actor API has callers other than our CLI); its status is ignored.</summary>
/// <param name="Resource">The desired resource.</param>
/// <param name="By">Who asked.</param>
/// <param name="Mode">Whether the capture must not exist yet (HTTP POST), must exist (PUT), or either (kubectl apply).</param>
public sealed record ApplyCapture(PacketCaptureResource Resource, Requester By, ApplyMode Mode = ApplyMode.CreateOrUpdate) : ICaptureCommand
{
    /// <inheritdoc />
    public CaptureKey Key => CaptureKey.Of(Resource);
}

/// <summary>The precondition of an <see cref="ApplyCapture"/>, decided by the entity itself so two
/// concurrent creates of one name cannot both succeed.</summary>
public enum ApplyMode
{
    /// <summary>Create it, or update it when it exists.</summary>
    CreateOrUpdate,

    /// <summary>Create it; refused with <see cref="RejectionReason.AlreadyExists"/> when it exists.</summary>
    CreateOnly,

    /// <summary>Update it; refused with <see cref="RejectionReason.NotFound"/> when it does not exist.</summary>
    UpdateOnly,
}

/// <summary>Delete the capture: every node stops it and deletes its files (SPEC.md §5).</summary>
/// <param name="Key">The capture.</param>
/// <param name="By">Who asked.</param>
public sealed record DeleteCapture(CaptureKey Key, Requester By) : ICaptureCommand;

/// <summary>Delete the capture's files on every node; refused unless every node is Finished (SPEC.md §7).</summary>
/// <param name="Key">The capture.</param>
/// <param name="By">Who asked.</param>
public sealed record CleanCaptureFiles(CaptureKey Key, Requester By) : ICaptureCommand;

/// <summary>A node's coalesced view of the capture: its state, files and counters.</summary>
/// <param name="Key">The capture.</param>
/// <param name="Status">What the node observed.</param>
/// <param name="By">The node (<see cref="Requester.ForNode"/>).</param>
public sealed record ReportNodeStatus(CaptureKey Key, NodeStatus Status, Requester By) : ICaptureCommand;

/// <summary>A node rotated a file of the capture.</summary>
/// <param name="Key">The capture.</param>
/// <param name="Rotation">Which file, where.</param>
/// <param name="By">The node (<see cref="Requester.ForNode"/>).</param>
public sealed record ReportFileRotated(CaptureKey Key, NodeFileRotation Rotation, Requester By) : ICaptureCommand;

/// <summary>The entity's own timer: the capture-wide start or end time has come.</summary>
/// <param name="Key">The capture.</param>
/// <param name="Boundary">Which boundary.</param>
/// <param name="By">Always <see cref="Requester.System"/>.</param>
public sealed record ReachScheduleBoundary(CaptureKey Key, ScheduleBoundary Boundary, Requester By) : ICaptureCommand;

/// <summary>The two instants of a capture's schedule.</summary>
public enum ScheduleBoundary
{
    /// <summary><c>spec.startTime</c>.</summary>
    Start,

    /// <summary><c>spec.endTime</c>.</summary>
    End,
}

/// <summary>A member that ran <paramref name="Node"/>'s agent has gone from the cluster: the capture keeps
/// the node's <c>files</c> entry with its last known files and marks it (see <see cref="NodeLost"/>).
/// Sent by every member's <see cref="Nodes.NodeDepartureWatcher"/>; repeating it changes nothing.</summary>
/// <param name="Key">The capture.</param>
/// <param name="Node">The node whose member is gone.</param>
/// <param name="Departure">How it went.</param>
/// <param name="By">Always <see cref="Requester.System"/>.</param>
public sealed record ReportNodeLost(CaptureKey Key, string Node, NodeDeparture Departure, Requester By) : ICaptureCommand;

/// <summary>How a node's member left the cluster.</summary>
public enum NodeDeparture
{
    /// <summary>It left on its own (graceful shutdown).</summary>
    Left,

    /// <summary>It became unreachable and was downed (crash, kill, partition on the minority side).</summary>
    Downed,
}
