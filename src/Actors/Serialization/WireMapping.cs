using System.Collections.Immutable;
using System.Text.Json;
using PacketCapture.Actors.Captures;

namespace PacketCapture.Actors.Serialization;

/// <summary>Domain records to stored shapes and back. Hand-written so the stored shape changes only
/// when someone edits both sides on purpose.</summary>
internal static class WireMapping
{
    public static KeyWire ToWire(CaptureKey key) => new(key.Namespace, key.Name);

    public static CaptureKey FromWire(KeyWire key) => new(key.Namespace, key.Name);

    public static RequesterWire ToWire(Requester by) => new(by.User, by.Source);

    public static Requester FromWire(RequesterWire by) =>
        by is { User: "system", Source: RequestSource.System } ? Requester.System : new Requester(by.User, by.Source);

    public static CountersWire ToWire(TrafficCounters c) => new(c.Packets, c.Bytes, c.Dropped, c.DroppedByInterface);

    public static TrafficCounters FromWire(CountersWire c) => new(c.Packets, c.Bytes, c.Dropped, c.DroppedByInterface);

    public static NodeStatusWire ToWire(NodeStatus s) => new(
        s.Node,
        s.Generation,
        s.Directory,
        s.State,
        OrEmpty(s.FileNames).ToArray(),
        OrEmpty(s.Endpoints).Select(e => new EndpointWire(e.Pod, e.Interface, e.State, ToWire(e.Counters), e.Reason)).ToArray(),
        ToWire(s.Counters),
        s.Reason);

    public static NodeStatus FromWire(NodeStatusWire s) => new(
        s.Node,
        s.Generation,
        s.Directory,
        s.State,
        s.Reason,
        [.. s.FileNames.Select(Present)],
        [.. s.Endpoints.Select(Present).Select(e => new EndpointStatus(e.Pod, e.Interface, e.State, e.Reason, FromWire(e.Counters)))],
        FromWire(s.Counters));

    public static RotationWire ToWire(NodeFileRotation r) =>
        new(r.Node, r.Generation, r.Pod, r.Interface, r.FileName, r.Bytes, r.Packets);

    public static NodeFileRotation FromWire(RotationWire r) =>
        new(r.Node, r.Generation, r.Pod, r.Interface, r.FileName, r.Bytes, r.Packets);

    public static ViewWire ToWire(CaptureView v) =>
        new(ToWire(v.Key), v.Resource, v.State, v.Deleted, [.. OrEmpty(v.Nodes).Select(ToWire)]);

    public static CaptureView FromWire(ViewWire v) =>
        new(FromWire(v.Key), v.Resource, v.State, v.Deleted, [.. v.Nodes.Select(Present).Select(FromWire)]);

    public static CreatedWire ToWire(CaptureCreated e) =>
        new(ToWire(e.Key), e.Resource, e.Generation, e.Incarnation, e.At, ToWire(e.By));

    public static CaptureCreated FromWire(CreatedWire e) =>
        new(FromWire(e.Key), e.Resource, e.Generation, e.Incarnation, e.At, FromWire(e.By));

    public static SpecChangedWire ToWire(CaptureSpecChanged e) =>
        new(ToWire(e.Key), e.Resource, e.Generation, e.At, ToWire(e.By));

    public static CaptureSpecChanged FromWire(SpecChangedWire e) =>
        new(FromWire(e.Key), e.Resource, e.Generation, e.At, FromWire(e.By));

    public static DeletedWire ToWire(CaptureDeleted e) => new(ToWire(e.Key), e.At, ToWire(e.By));

    public static CaptureDeleted FromWire(DeletedWire e) => new(FromWire(e.Key), e.At, FromWire(e.By));

    public static WindowWire ToWire(CaptureStarted e) => new(ToWire(e.Key), e.Generation, e.At, ToWire(e.By));

    public static CaptureStarted ToStarted(WindowWire e) => new(FromWire(e.Key), e.Generation, e.At, FromWire(e.By));

    public static WindowWire ToWire(CaptureEnded e) => new(ToWire(e.Key), e.Generation, e.At, ToWire(e.By));

    public static CaptureEnded ToEnded(WindowWire e) => new(FromWire(e.Key), e.Generation, e.At, FromWire(e.By));

    public static NodeStateWire ToWire(NodeStateReported e) => new(ToWire(e.Key), ToWire(e.Status), e.At, ToWire(e.By));

    public static NodeStateReported FromWire(NodeStateWire e) =>
        new(FromWire(e.Key), FromWire(e.Status), e.At, FromWire(e.By));

    public static NodeLostWire ToWire(NodeLost e) => new(ToWire(e.Key), e.Node, e.State, e.Reason, e.At, ToWire(e.By));

    public static NodeLost FromWire(NodeLostWire e) => new(FromWire(e.Key), e.Node, e.State, e.Reason, e.At, FromWire(e.By));

    public static ReportNodeLostWire ToWire(ReportNodeLost c) => new(ToWire(c.Key), c.Node, c.Departure, ToWire(c.By));

    public static ReportNodeLost FromWire(ReportNodeLostWire c) => new(FromWire(c.Key), c.Node, c.Departure, FromWire(c.By));

    public static FileRotatedWire ToWire(CaptureFileRotated e) =>
        new(ToWire(e.Key), ToWire(e.Rotation), e.At, ToWire(e.By));

    public static CaptureFileRotated FromWire(FileRotatedWire e) =>
        new(FromWire(e.Key), FromWire(e.Rotation), e.At, FromWire(e.By));

    public static FilesCleanedWire ToWire(CaptureFilesCleaned e) => new(ToWire(e.Key), e.CleanEpoch, e.At, ToWire(e.By));

    public static CaptureFilesCleaned FromWire(FilesCleanedWire e) =>
        new(FromWire(e.Key), e.CleanEpoch, e.At, FromWire(e.By));

    public static ApplyWire ToWire(ApplyCapture c) => new(c.Resource, ToWire(c.By), c.Mode);

    public static ApplyCapture FromWire(ApplyWire c) => new(c.Resource, FromWire(c.By), c.Mode);

    public static KeyedCommandWire ToWire(DeleteCapture c) => new(ToWire(c.Key), ToWire(c.By));

    public static DeleteCapture ToDelete(KeyedCommandWire c) => new(FromWire(c.Key), FromWire(c.By));

    public static KeyedCommandWire ToWire(CleanCaptureFiles c) => new(ToWire(c.Key), ToWire(c.By));

    public static CleanCaptureFiles ToClean(KeyedCommandWire c) => new(FromWire(c.Key), FromWire(c.By));

    public static KeyedCommandWire ToWire(GetCapture c) => new(ToWire(c.Key), ToWire(c.By));

    public static GetCapture ToGet(KeyedCommandWire c) => new(FromWire(c.Key), FromWire(c.By));

    public static ReportStatusWire ToWire(ReportNodeStatus c) => new(ToWire(c.Key), ToWire(c.Status), ToWire(c.By));

    public static ReportNodeStatus FromWire(ReportStatusWire c) => new(FromWire(c.Key), FromWire(c.Status), FromWire(c.By));

    public static ReportRotationWire ToWire(ReportFileRotated c) => new(ToWire(c.Key), ToWire(c.Rotation), ToWire(c.By));

    public static ReportFileRotated FromWire(ReportRotationWire c) =>
        new(FromWire(c.Key), FromWire(c.Rotation), FromWire(c.By));

    public static BoundaryWire ToWire(ReachScheduleBoundary c) => new(ToWire(c.Key), c.Boundary, ToWire(c.By));

    public static ReachScheduleBoundary FromWire(BoundaryWire c) => new(FromWire(c.Key), c.Boundary, FromWire(c.By));

    public static SucceededWire ToWire(CaptureSucceeded r) => new(ToWire(r.View));

    public static CaptureSucceeded FromWire(SucceededWire r) => new(FromWire(r.View));

    public static RejectedWire ToWire(CaptureRejected r) => new(ToWire(r.CaptureKey), r.Reason, r.Message);

    public static CaptureRejected FromWire(RejectedWire r) => new(FromWire(r.Key), r.Reason, r.Message);

    public static ListWire ToWire(ListCaptures q) => new(ToWire(q.By), q.Namespace);

    public static ListCaptures FromWire(ListWire q) => new(q.Namespace, FromWire(q.By));

    public static CaptureListWire ToWire(CaptureList l) => new([.. OrEmpty(l.Keys).Select(ToWire)]);

    public static CaptureList FromWire(CaptureListWire l) => new([.. l.Keys.Select(Present).Select(FromWire)]);

    public static StatusChangedWire ToWire(CaptureStatusChanged c) => new(ToWire(c.View));

    public static CaptureStatusChanged FromWire(StatusChangedWire c) => new(FromWire(c.View));

    public static DesiredWire ToWire(DesiredCapture d) => new(ToWire(d.Key), d.Resource, d.Generation, d.Deleted, d.CleanEpoch);

    public static DesiredCapture FromWire(DesiredWire d) => new(FromWire(d.Key), d.Resource, d.Generation, d.Deleted, d.CleanEpoch);

    public static SnapshotWire ToWire(CaptureAggregate a) => new(
        ToWire(a.Key),
        a.Generation,
        a.Incarnation,
        a.Deleted,
        a.Phase,
        a.CleanEpoch,
        a.Nodes.ToDictionary(n => n.Key, n => ToWire(n.Value), StringComparer.Ordinal),
        a.EventCount,
        a.Resource,
        a.LostNodes.IsEmpty ? null : [.. a.LostNodes]);

    public static CaptureAggregate FromWire(SnapshotWire a) => new()
    {
        Key = FromWire(a.Key),
        Resource = a.Resource,
        Generation = a.Generation,
        Incarnation = a.Incarnation,
        Deleted = a.Deleted,
        Phase = a.Phase,
        CleanEpoch = a.CleanEpoch,
        Nodes = a.Nodes.ToImmutableSortedDictionary(n => n.Key, n => FromWire(Present(n.Value)), StringComparer.Ordinal),
        EventCount = a.EventCount,
        LostNodes = (a.LostNodes ?? []).Select(Present).ToImmutableSortedSet(StringComparer.Ordinal),
    };

    // Nullable annotations are not checked on collection elements: a null element is corrupt input.
    private static T Present<T>(T? item)
        where T : class =>
        item ?? throw new JsonException("a list or map holds null");

    // A record built with `default` arrays (never through the constructors the rules use) still
    // serializes; it reads back as empty.
    private static ImmutableArray<T> OrEmpty<T>(ImmutableArray<T> items) => items.IsDefault ? [] : items;
}
