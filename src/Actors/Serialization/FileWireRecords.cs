using System.Text.Json.Serialization;

namespace PacketCapture.Actors.Serialization;

// The wire shapes of the file-sharing messages (members asking each other for capture files).
// Same rules as WireRecords.cs: JSON names spelled out, fields only ever added with defaults.

/// <summary>One node's status file names.</summary>
internal sealed record NodeFileNamesWire(
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("fileNames")] string[] FileNames);

/// <summary><c>files-list.v1</c>.</summary>
internal sealed record ListFilesWire(
    [property: JsonPropertyName("key")] KeyWire Key,
    [property: JsonPropertyName("nodes")] NodeFileNamesWire[] Nodes);

/// <summary>One listed file.</summary>
internal sealed record ListedFileWire(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("lastWrite")] DateTimeOffset LastWrite);

/// <summary><c>files-listing.v1</c>.</summary>
internal sealed record FileListingWire(
    [property: JsonPropertyName("key")] KeyWire Key,
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("files")] ListedFileWire[] Files);

/// <summary><c>files-open.v1</c>.</summary>
internal sealed record OpenFileWire(
    [property: JsonPropertyName("key")] KeyWire Key,
    [property: JsonPropertyName("fileName")] string FileName);

/// <summary><c>files-rejected.v1</c>.</summary>
internal sealed record FileRejectedWire(
    [property: JsonPropertyName("key")] KeyWire Key,
    [property: JsonPropertyName("fileName")] string FileName,
    [property: JsonPropertyName("message")] string Message);
