using PacketCapture.Actors.Captures;
using PacketCapture.Capture;

namespace PacketCapture.Actors.Nodes;

// What an InterfaceCaptureActor tells its NodeAgent. Node-local: never crosses the network, never persisted.

/// <summary>The endpoint's state changed (or its status was read).</summary>
/// <param name="Status">Pod, interface, state, reason and counters.</param>
/// <param name="InterfaceGone">True when the session finished on its own because the interface went away.</param>
internal sealed record EndpointStateChanged(EndpointStatus Status, bool InterfaceGone);

/// <summary>The session rotated its active file.</summary>
internal sealed record EndpointFileRotated(FileRotation Rotation);

/// <summary>Files of the capture directory changed (retention deleted rotated files).</summary>
internal sealed record EndpointFilesChanged(IReadOnlyList<string> DeletedFileNames);

/// <summary>The session's counters, read on the counters tick.</summary>
internal sealed record EndpointCountersRead(TrafficCounters Counters);
