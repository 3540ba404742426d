using System.Text.Json.Serialization;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;

namespace PacketCapture.Actors.Serialization;

// The stored shape of every PacketCapture message: the journal, snapshots and the wire between
// members. These records are the contract, not the domain records: each JSON name is spelled
// out so renaming a domain property cannot silently change what is written, and a field is
// only ever added (optional, with a default), never renamed or removed, within one manifest
// version. Optional fields have defaults because a missing non-optional one fails the read.

/// <summary>A capture's identity.</summary>
internal sealed record KeyWire(
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("name")] string Name);

/// <summary>Who asked.</summary>
internal sealed record RequesterWire(
    [property: JsonPropertyName("user")] string User,
    [property: JsonPropertyName("source")] RequestSource Source);

/// <summary>Traffic counters.</summary>
internal sealed record CountersWire(
    [property: JsonPropertyName("packets")] long Packets,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("dropped")] long Dropped,
    [property: JsonPropertyName("droppedByInterface")] long DroppedByInterface);

/// <summary>One endpoint of a node report.</summary>
internal sealed record EndpointWire(
    [property: JsonPropertyName("pod")] string Pod,
    [property: JsonPropertyName("interface")] string Interface,
    [property: JsonPropertyName("state")] CaptureState State,
    [property: JsonPropertyName("counters")] CountersWire Counters,
    [property: JsonPropertyName("reason")] string? Reason = null);

/// <summary>A node's report.</summary>
internal sealed record NodeStatusWire(
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("generation")] long Generation,
    [property: JsonPropertyName("directory")] string Directory,
    [property: JsonPropertyName("state")] CaptureState State,
    [property: JsonPropertyName("fileNames")] string[] FileNames,
    [property: JsonPropertyName("endpoints")] EndpointWire[] Endpoints,
    [property: JsonPropertyName("counters")] CountersWire Counters,
    [property: JsonPropertyName("reason")] string? Reason = null);

/// <summary>A rotated file.</summary>
internal sealed record RotationWire(
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("generation")] long Generation,
    [property: JsonPropertyName("pod")] string Pod,
    [property: JsonPropertyName("interface")] string Interface,
    [property: JsonPropertyName("fileName")] string FileName,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("packets")] long Packets);

/// <summary>What users see of a capture.</summary>
internal sealed record ViewWire(
    [property: JsonPropertyName("key")] KeyWire Key,
    [property: JsonPropertyName("resource")] PacketCaptureResource Resource,
    [property: JsonPropertyName("state")] CaptureState State,
    [property: JsonPropertyName("deleted")] bool Deleted,
    [property: JsonPropertyName("nodes")] NodeStatusWire[] Nodes);

/// <summary><c>cap-created.v1</c>.</summary>
internal sealed record CreatedWire(
    [property: JsonPropertyName("key")] KeyWire Key,
    [property: JsonPropertyName("resource")] PacketCaptureResource Resource,
    [property: JsonPropertyName("generation")] long Generation,
    [property: JsonPropertyName("incarnation")] int Incarnation,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("by")] RequesterWire By);

/// <summary><c>cap-spec-changed.v1</c>.</summary>
internal sealed record SpecChangedWire(
    [property: JsonPropertyName("key")] KeyWire Key,
    [property: JsonPropertyName("resource")] PacketCaptureResource Resource,
    [property: JsonPropertyName("generation")] long Generation,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("by")] RequesterWire By);

/// <summary><c>cap-deleted.v1</c>.</summary>
internal sealed record DeletedWire(
    [property: JsonPropertyName("key")] KeyWire Key,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("by")] RequesterWire By);

/// <summary><c>cap-started.v1</c> and <c>cap-ended.v1</c>: the window of a generation opened or closed.</summary>
internal sealed record WindowWire(
    [property: JsonPropertyName("key")] KeyWire Key,
    [property: JsonPropertyName("generation")] long Generation,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("by")] RequesterWire By);

/// <summary><c>node-state.v1</c>.</summary>
internal sealed record NodeStateWire(
    [property: JsonPropertyName("key")] KeyWire Key,
    [property: JsonPropertyName("status")] NodeStatusWire Status,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("by")] RequesterWire By);

/// <summary><c>node-lost.v1</c>.</summary>
internal sealed record NodeLostWire(
    [property: JsonPropertyName("key")] KeyWire Key,
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("state")] CaptureState State,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("by")] RequesterWire By);

/// <summary><c>file-rotated.v1</c>.</summary>
internal sealed record FileRotatedWire(
    [property: JsonPropertyName("key")] KeyWire Key,
    [property: JsonPropertyName("rotation")] RotationWire Rotation,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("by")] RequesterWire By);

/// <summary><c>files-cleaned.v1</c>.</summary>
internal sealed record FilesCleanedWire(
    [property: JsonPropertyName("key")] KeyWire Key,
    [property: JsonPropertyName("cleanEpoch")] long CleanEpoch,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("by")] RequesterWire By);

/// <summary><c>cmd-apply.v1</c>; the key is the resource's. <c>mode</c> came later: absent means CreateOrUpdate.</summary>
internal sealed record ApplyWire(
    [property: JsonPropertyName("resource")] PacketCaptureResource Resource,
    [property: JsonPropertyName("by")] RequesterWire By,
    [property: JsonPropertyName("mode")] ApplyMode Mode = ApplyMode.CreateOrUpdate);

/// <summary><c>cmd-delete.v1</c>, <c>cmd-clean.v1</c> and <c>qry-get.v1</c>: a key and who asked.</summary>
internal sealed record KeyedCommandWire(
    [property: JsonPropertyName("key")] KeyWire Key,
    [property: JsonPropertyName("by")] RequesterWire By);

/// <summary><c>cmd-node-status.v1</c>.</summary>
internal sealed record ReportStatusWire(
    [property: JsonPropertyName("key")] KeyWire Key,
    [property: JsonPropertyName("status")] NodeStatusWire Status,
    [property: JsonPropertyName("by")] RequesterWire By);

/// <summary><c>cmd-file-rotated.v1</c>.</summary>
internal sealed record ReportRotationWire(
    [property: JsonPropertyName("key")] KeyWire Key,
    [property: JsonPropertyName("rotation")] RotationWire Rotation,
    [property: JsonPropertyName("by")] RequesterWire By);

/// <summary><c>cmd-boundary.v1</c>.</summary>
internal sealed record BoundaryWire(
    [property: JsonPropertyName("key")] KeyWire Key,
    [property: JsonPropertyName("boundary")] ScheduleBoundary Boundary,
    [property: JsonPropertyName("by")] RequesterWire By);

/// <summary><c>cmd-node-lost.v1</c>.</summary>
internal sealed record ReportNodeLostWire(
    [property: JsonPropertyName("key")] KeyWire Key,
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("departure")] NodeDeparture Departure,
    [property: JsonPropertyName("by")] RequesterWire By);

/// <summary><c>rep-ok.v1</c>.</summary>
internal sealed record SucceededWire(
    [property: JsonPropertyName("view")] ViewWire View);

/// <summary><c>rep-rejected.v1</c>.</summary>
internal sealed record RejectedWire(
    [property: JsonPropertyName("key")] KeyWire Key,
    [property: JsonPropertyName("reason")] RejectionReason Reason,
    [property: JsonPropertyName("message")] string Message);

/// <summary><c>qry-list.v1</c>; no namespace lists every namespace.</summary>
internal sealed record ListWire(
    [property: JsonPropertyName("by")] RequesterWire By,
    [property: JsonPropertyName("namespace")] string? Namespace = null);

/// <summary><c>rep-list.v1</c>: keys sorted by namespace, then name.</summary>
internal sealed record CaptureListWire(
    [property: JsonPropertyName("keys")] KeyWire[] Keys);

/// <summary><c>pub-status.v1</c>.</summary>
internal sealed record StatusChangedWire(
    [property: JsonPropertyName("view")] ViewWire View);

/// <summary><c>desired.v1</c>.</summary>
internal sealed record DesiredWire(
    [property: JsonPropertyName("key")] KeyWire Key,
    [property: JsonPropertyName("resource")] PacketCaptureResource Resource,
    [property: JsonPropertyName("generation")] long Generation,
    [property: JsonPropertyName("deleted")] bool Deleted,
    [property: JsonPropertyName("cleanEpoch")] long CleanEpoch);

/// <summary><c>snap-state.v1</c>: the aggregate, nodes keyed by name.</summary>
internal sealed record SnapshotWire(
    [property: JsonPropertyName("key")] KeyWire Key,
    [property: JsonPropertyName("generation")] long Generation,
    [property: JsonPropertyName("incarnation")] int Incarnation,
    [property: JsonPropertyName("deleted")] bool Deleted,
    [property: JsonPropertyName("phase")] CapturePhase Phase,
    [property: JsonPropertyName("cleanEpoch")] long CleanEpoch,
    [property: JsonPropertyName("nodes")] Dictionary<string, NodeStatusWire> Nodes,
    [property: JsonPropertyName("eventCount")] long EventCount,
    [property: JsonPropertyName("resource")] PacketCaptureResource? Resource = null,
    [property: JsonPropertyName("lostNodes")] string[]? LostNodes = null);
