using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;

namespace PacketCapture.Actors.Serialization;

/// <summary>Source-generated JSON metadata for the stored shapes: no reflection per message, which
/// matters when a long stream is recovered.</summary>
[JsonSerializable(typeof(CreatedWire))]
[JsonSerializable(typeof(SpecChangedWire))]
[JsonSerializable(typeof(DeletedWire))]
[JsonSerializable(typeof(WindowWire))]
[JsonSerializable(typeof(NodeStateWire))]
[JsonSerializable(typeof(FileRotatedWire))]
[JsonSerializable(typeof(FilesCleanedWire))]
[JsonSerializable(typeof(ApplyWire))]
[JsonSerializable(typeof(KeyedCommandWire))]
[JsonSerializable(typeof(ReportStatusWire))]
[JsonSerializable(typeof(ReportRotationWire))]
[JsonSerializable(typeof(BoundaryWire))]
[JsonSerializable(typeof(SucceededWire))]
[JsonSerializable(typeof(RejectedWire))]
[JsonSerializable(typeof(ListWire))]
[JsonSerializable(typeof(CaptureListWire))]
[JsonSerializable(typeof(StatusChangedWire))]
[JsonSerializable(typeof(DesiredWire))]
[JsonSerializable(typeof(SnapshotWire))]
[JsonSerializable(typeof(NodeLostWire))]
[JsonSerializable(typeof(ReportNodeLostWire))]
[JsonSerializable(typeof(ListFilesWire))]
[JsonSerializable(typeof(FileListingWire))]
[JsonSerializable(typeof(OpenFileWire))]
[JsonSerializable(typeof(FileRejectedWire))]
internal sealed partial class WireJsonContext : JsonSerializerContext
{
    /// <summary>The context every format uses: options set in code (the encoder cannot be set by
    /// attribute). Relaxed escaping keeps offsets (<c>+02:00</c>) and non-ASCII text readable in the
    /// journal; the bytes are never embedded in HTML.</summary>
    public static WireJsonContext Stored { get; } = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters =
        {
            new Rfc3339Converter(),
            new ResourceConverter(),
            new EnumNameConverter<RequestSource>(),
            new EnumNameConverter<CaptureState>(),
            new EnumNameConverter<CapturePhase>(),
            new EnumNameConverter<RejectionReason>(),
            new EnumNameConverter<ScheduleBoundary>(),
            new EnumNameConverter<ApplyMode>(),
            new EnumNameConverter<NodeDeparture>(),
        },
    });
}
