using PacketCapture.Actors.Model;

namespace PacketCapture.Actors.Captures;

/// <summary>The capture was created (first time, or again after a delete: a new incarnation of the same stream).</summary>
/// <param name="Key">The capture.</param>
/// <param name="Resource">Metadata (generation and creation time set) and spec as applied, no status.</param>
/// <param name="Generation">The spec generation; it only grows, across incarnations too.</param>
/// <param name="Incarnation">1 for the first creation, +1 for each creation after a delete.</param>
/// <param name="At">When.</param>
/// <param name="By">Who.</param>
public sealed record CaptureCreated(CaptureKey Key, PacketCaptureResource Resource, long Generation, int Incarnation, DateTimeOffset At, Requester By) : ICaptureEvent;

/// <summary>The spec or metadata changed. A spec change (selector, filters or times) grows the generation:
/// nodes stop and restart, and the schedule window is decided again from the new times. A change of
/// labels or annotations only keeps the generation (Kubernetes semantics), and nodes carry on.</summary>
/// <param name="Key">The capture.</param>
/// <param name="Resource">Metadata and spec after the change, no status (the previous ones are in the earlier events).</param>
/// <param name="Generation">The generation after the change: previous + 1 for a spec change, unchanged for metadata only.</param>
/// <param name="At">When.</param>
/// <param name="By">Who.</param>
public sealed record CaptureSpecChanged(CaptureKey Key, PacketCaptureResource Resource, long Generation, DateTimeOffset At, Requester By) : ICaptureEvent;

/// <summary>The capture was deleted: nodes stop it and delete its files. The stream stays for the audit trail.</summary>
/// <param name="Key">The capture.</param>
/// <param name="At">When.</param>
/// <param name="By">Who.</param>
public sealed record CaptureDeleted(CaptureKey Key, DateTimeOffset At, Requester By) : ICaptureEvent;

/// <summary>The capture-wide window opened: <c>startTime</c> reached, or absent / in the past at apply
/// (also after a spec change, which puts the window back to Scheduled).</summary>
/// <param name="Key">The capture.</param>
/// <param name="Generation">The generation whose window opened.</param>
/// <param name="At">When.</param>
/// <param name="By">Who (the system for a timer, the user for an apply).</param>
public sealed record CaptureStarted(CaptureKey Key, long Generation, DateTimeOffset At, Requester By) : ICaptureEvent;

/// <summary>The capture-wide window closed: <c>endTime</c> reached, or moved into the past, or already past
/// at creation (then the window never opened: no <see cref="CaptureStarted"/> precedes it).</summary>
/// <param name="Key">The capture.</param>
/// <param name="Generation">The generation whose window closed.</param>
/// <param name="At">When.</param>
/// <param name="By">Who (the system for a timer, the user for an apply).</param>
public sealed record CaptureEnded(CaptureKey Key, long Generation, DateTimeOffset At, Requester By) : ICaptureEvent;

/// <summary>A node's state, reason, files or endpoints changed (counter-only changes are not persisted).</summary>
/// <param name="Key">The capture.</param>
/// <param name="Status">The node's report.</param>
/// <param name="At">When the entity received it.</param>
/// <param name="By">The node.</param>
public sealed record NodeStateReported(CaptureKey Key, NodeStatus Status, DateTimeOffset At, Requester By) : ICaptureEvent;

/// <summary>A node rotated one of the capture's files. It adds the file to that node's entry when the
/// node has reported before; otherwise the node's next report carries it.</summary>
/// <param name="Key">The capture.</param>
/// <param name="Rotation">Which file, where.</param>
/// <param name="At">When the entity received it.</param>
/// <param name="By">The node.</param>
public sealed record CaptureFileRotated(CaptureKey Key, NodeFileRotation Rotation, DateTimeOffset At, Requester By) : ICaptureEvent;

/// <summary>A user cleaned the capture's files: every node deletes them, and every node's file list is emptied.
/// Recorded even when there were no files, for the audit trail.</summary>
/// <param name="Key">The capture.</param>
/// <param name="CleanEpoch">Counts cleans; nodes delete files when it grows.</param>
/// <param name="At">When.</param>
/// <param name="By">Who.</param>
public sealed record CaptureFilesCleaned(CaptureKey Key, long CleanEpoch, DateTimeOffset At, Requester By) : ICaptureEvent;

/// <summary>The member of a node with a <c>files</c> entry left the cluster or was downed. The entry keeps
/// its last known files; a node that was still Scheduled, WaitingForTraffic or Capturing becomes Error
/// (nothing captures there any more), a Finished or Error one keeps its state; either way the reason says
/// when the node went and in what state. The node's next report makes its entry live again.</summary>
/// <param name="Key">The capture.</param>
/// <param name="Node">The node.</param>
/// <param name="State">The entry's state from now on.</param>
/// <param name="Reason">What the user reads, e.g. <c>node n1 left the cluster at …; last state Capturing</c>.</param>
/// <param name="At">When the entity learned it.</param>
/// <param name="By">The system.</param>
public sealed record NodeLost(CaptureKey Key, string Node, CaptureState State, string Reason, DateTimeOffset At, Requester By) : ICaptureEvent;
