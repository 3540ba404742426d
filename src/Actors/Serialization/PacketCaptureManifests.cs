using System.Collections.Frozen;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Files;
using static PacketCapture.Actors.Serialization.WireMapping;

namespace PacketCapture.Actors.Serialization;

/// <summary>
/// The one table of stored formats: which manifest each message type is written under, and how.
/// A manifest is a promise to every journal ever written: never rename or reuse one. To change a
/// shape, put a <c>.v2</c> format for the type in <see cref="Written"/> and move its <c>.v1</c>
/// entry to <see cref="ReadOnly"/>, so old events still recover.
/// </summary>
internal static class PacketCaptureManifests
{
    private static readonly WireJsonContext Shapes = WireJsonContext.Stored;

    /// <summary>The format each type is written with: exactly one per type.</summary>
    private static readonly MessageFormat[] Written =
    [
        // Events (the journal).
        MessageFormat.Of<CaptureCreated, CreatedWire>("cap-created.v1", Shapes.CreatedWire, ToWire, FromWire),
        MessageFormat.Of<CaptureSpecChanged, SpecChangedWire>("cap-spec-changed.v1", Shapes.SpecChangedWire, ToWire, FromWire),
        MessageFormat.Of<CaptureDeleted, DeletedWire>("cap-deleted.v1", Shapes.DeletedWire, ToWire, FromWire),
        MessageFormat.Of<CaptureStarted, WindowWire>("cap-started.v1", Shapes.WindowWire, ToWire, ToStarted),
        MessageFormat.Of<CaptureEnded, WindowWire>("cap-ended.v1", Shapes.WindowWire, ToWire, ToEnded),
        MessageFormat.Of<NodeStateReported, NodeStateWire>("node-state.v1", Shapes.NodeStateWire, ToWire, FromWire),
        MessageFormat.Of<CaptureFileRotated, FileRotatedWire>("file-rotated.v1", Shapes.FileRotatedWire, ToWire, FromWire),
        MessageFormat.Of<CaptureFilesCleaned, FilesCleanedWire>("files-cleaned.v1", Shapes.FilesCleanedWire, ToWire, FromWire),
        MessageFormat.Of<NodeLost, NodeLostWire>("node-lost.v1", Shapes.NodeLostWire, ToWire, FromWire),

        // Commands and the query (sharding envelopes between members).
        MessageFormat.Of<ApplyCapture, ApplyWire>("cmd-apply.v1", Shapes.ApplyWire, ToWire, FromWire),
        MessageFormat.Of<DeleteCapture, KeyedCommandWire>("cmd-delete.v1", Shapes.KeyedCommandWire, ToWire, ToDelete),
        MessageFormat.Of<CleanCaptureFiles, KeyedCommandWire>("cmd-clean.v1", Shapes.KeyedCommandWire, ToWire, ToClean),
        MessageFormat.Of<ReportNodeStatus, ReportStatusWire>("cmd-node-status.v1", Shapes.ReportStatusWire, ToWire, FromWire),
        MessageFormat.Of<ReportFileRotated, ReportRotationWire>("cmd-file-rotated.v1", Shapes.ReportRotationWire, ToWire, FromWire),
        MessageFormat.Of<ReachScheduleBoundary, BoundaryWire>("cmd-boundary.v1", Shapes.BoundaryWire, ToWire, FromWire),
        MessageFormat.Of<ReportNodeLost, ReportNodeLostWire>("cmd-node-lost.v1", Shapes.ReportNodeLostWire, ToWire, FromWire),
        MessageFormat.Of<GetCapture, KeyedCommandWire>("qry-get.v1", Shapes.KeyedCommandWire, ToWire, ToGet),

        // Replies.
        MessageFormat.Of<CaptureSucceeded, SucceededWire>("rep-ok.v1", Shapes.SucceededWire, ToWire, FromWire),
        MessageFormat.Of<CaptureRejected, RejectedWire>("rep-rejected.v1", Shapes.RejectedWire, ToWire, FromWire),

        // The actor API: listing and status notifications (DistributedPubSub).
        MessageFormat.Of<ListCaptures, ListWire>("qry-list.v1", Shapes.ListWire, ToWire, FromWire),
        MessageFormat.Of<CaptureList, CaptureListWire>("rep-list.v1", Shapes.CaptureListWire, ToWire, FromWire),
        MessageFormat.Of<CaptureStatusChanged, StatusChangedWire>("pub-status.v1", Shapes.StatusChangedWire, ToWire, FromWire),
        // File sharing between members (downloads of every node's files).
        MessageFormat.Of<ListCaptureFiles, ListFilesWire>("files-list.v1", Shapes.ListFilesWire, FileWireMapping.ToWire, FileWireMapping.FromWire),
        MessageFormat.Of<CaptureFileListing, FileListingWire>("files-listing.v1", Shapes.FileListingWire, FileWireMapping.ToWire, FileWireMapping.FromWire),
        MessageFormat.Of<OpenCaptureFile, OpenFileWire>("files-open.v1", Shapes.OpenFileWire, FileWireMapping.ToWire, FileWireMapping.FromWire),
        MessageFormat.Of<CaptureFileRejected, FileRejectedWire>("files-rejected.v1", Shapes.FileRejectedWire, FileWireMapping.ToWire, FileWireMapping.FromWire),

        // Distributed data and snapshots.
        MessageFormat.Of<DesiredCapture, DesiredWire>("desired.v1", Shapes.DesiredWire, ToWire, FromWire),
        MessageFormat.Of<CaptureAggregate, SnapshotWire>("snap-state.v1", Shapes.SnapshotWire, ToWire, FromWire),
    ];

    /// <summary>Superseded formats still read from old journals and snapshots; none yet.</summary>
    private static readonly MessageFormat[] ReadOnly = [];

    /// <summary>Every manifest that can be read, to its format (a duplicate manifest fails on first use).</summary>
    public static FrozenDictionary<string, MessageFormat> ByManifest { get; } =
        Written.Concat(ReadOnly).ToFrozenDictionary(f => f.Manifest, StringComparer.Ordinal);

    /// <summary>The format each type is written with (a type written two ways fails on first use).</summary>
    public static FrozenDictionary<Type, MessageFormat> ByType { get; } = Written.ToFrozenDictionary(f => f.Type);
}
