using PacketCapture.Actors.Model;

namespace PacketCapture.Actors.Captures;

/// <summary>The capture was created (first time, or again after a delete: a new incarnation of the same stream).</summary>
/// <param name="Key">The capture.</param>
/// <param name="Resource">Metadata and spec as applied (no status).</param>
/// <param name="Generation">The spec generation; it only grows, across incarnations too.</param>
/// <param name="Incarnation">1 for the first creation, +1 for each creation after a delete.</param>
/// <param name="At">When.</param>
/// <param name="By">Who.</param>
public sealed record CaptureCreated(CaptureKey Key, PacketCaptureResource Resource, long Generation, int Incarnation, DateTimeOffset At, Requester By) : ICaptureEvent;

/// <summary>The spec or metadata changed. Nodes stop and restart on a change of filters, selector or times.</summary>
/// <param name="Key">The capture.</param>
/// <param name="Resource">Metadata and spec after the change (the previous ones are in the earlier events).</param>
/// <param name="Generation">The new generation (previous + 1).</param>
/// <param name="At">When.</param>
/// <param name="By">Who.</param>
public sealed record CaptureSpecChanged(CaptureKey Key, PacketCaptureResource Resource, long Generation, DateTimeOffset At, Requester By) : ICaptureEvent;

/// <summary>The capture was deleted: nodes stop it and delete its files. The stream stays for the audit trail.</summary>
/// <param name="Key">The capture.</param>
/// <param name="At">When.</param>
/// <param name="By">Who.</param>
public sealed record CaptureDeleted(CaptureKey Key, DateTimeOffset At, Requester By) : ICaptureEvent;

/// <summary>The capture-wide window opened: <c>startTime</c> reached, or absent / in the past at apply.</summary>
/// <param name="Key">The capture.</param>
/// <param name="Generation">The generation whose window opened.</param>
/// <param name="At">When.</param>
/// <param name="By">Who (the system for a timer, the user for an apply).</param>
public sealed record CaptureStarted(CaptureKey Key, long Generation, DateTimeOffset At, Requester By) : ICaptureEvent;

/// <summary>The capture-wide window closed: <c>endTime</c> reached, or moved into the past.</summary>
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

/// <summary>A node rotated one of the capture's files.</summary>
/// <param name="Key">The capture.</param>
/// <param name="Rotation">Which file, where.</param>
/// <param name="At">When the entity received it.</param>
/// <param name="By">The node.</param>
public sealed record CaptureFileRotated(CaptureKey Key, NodeFileRotation Rotation, DateTimeOffset At, Requester By) : ICaptureEvent;

/// <summary>A user cleaned the capture's files: every node deletes them.</summary>
/// <param name="Key">The capture.</param>
/// <param name="CleanEpoch">Counts cleans; nodes delete files when it grows.</param>
/// <param name="At">When.</param>
/// <param name="By">Who.</param>
public sealed record CaptureFilesCleaned(CaptureKey Key, long CleanEpoch, DateTimeOffset At, Requester By) : ICaptureEvent;
