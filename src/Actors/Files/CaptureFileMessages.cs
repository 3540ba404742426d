using System.Collections.Immutable;
using PacketCapture.Actors.Captures;

namespace PacketCapture.Actors.Files;

/// <summary>One node's file names as the capture's status lists them.</summary>
/// <param name="Node">The node name of the status entry.</param>
/// <param name="FileNames">Its file names, in status order.</param>
public sealed record NodeFileNames(string Node, ImmutableArray<string> FileNames)
{
    /// <inheritdoc />
    public bool Equals(NodeFileNames? other) =>
        other is not null && Node == other.Node && FileNames.SequenceEqual(other.FileNames);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Node, FileNames.Length);
}

/// <summary>
/// Asks a member's <see cref="CaptureFileActor"/> which of a capture's files it has. The asking
/// member sends every node's names from the status because it does not know which member is
/// which node; the member answers for its own node with <see cref="CaptureFileListing"/>.
/// Access was checked by the asking member: members trust each other, not the names.
/// </summary>
/// <param name="Key">The capture.</param>
/// <param name="Nodes">Each node's file names from the capture's status.</param>
public sealed record ListCaptureFiles(CaptureKey Key, ImmutableArray<NodeFileNames> Nodes) : IPacketCaptureMessage
{
    /// <inheritdoc />
    public bool Equals(ListCaptureFiles? other) =>
        other is not null && Key == other.Key && Nodes.SequenceEqual(other.Nodes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Key, Nodes.Length);
}

/// <summary>A file a member can serve.</summary>
/// <param name="Name">The plain file name (<c>&lt;pod&gt;_&lt;iface&gt;[-&lt;µs&gt;].pcap</c>).</param>
/// <param name="Size">Its size in bytes when listed (an active file may still grow).</param>
/// <param name="LastWrite">Its last write time when listed.</param>
public sealed record ListedCaptureFile(string Name, long Size, DateTimeOffset LastWrite);

/// <summary>A member's answer to <see cref="ListCaptureFiles"/>: its node and the listed files of
/// that node that exist on its disk, in status order.</summary>
/// <param name="Key">The capture.</param>
/// <param name="Node">The answering member's node name.</param>
/// <param name="Files">The files, in status order; empty when it has none.</param>
public sealed record CaptureFileListing(CaptureKey Key, string Node, ImmutableArray<ListedCaptureFile> Files) : IPacketCaptureMessage
{
    /// <inheritdoc />
    public bool Equals(CaptureFileListing? other) =>
        other is not null && Key == other.Key && Node == other.Node && Files.SequenceEqual(other.Files);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Key, Node, Files.Length);
}

/// <summary>Asks a member's <see cref="CaptureFileActor"/> to stream one of its capture files. It answers
/// with an <c>ISourceRef&lt;byte[]&gt;</c> of the file (chunks of at most
/// <see cref="CaptureFileActor.ChunkSize"/> bytes) (sent as its own message: Akka.Streams
/// serializes stream refs), or with <see cref="CaptureFileRejected"/>.</summary>
/// <param name="Key">The capture.</param>
/// <param name="FileName">A plain file name from the member's listing.</param>
public sealed record OpenCaptureFile(CaptureKey Key, string FileName) : IPacketCaptureMessage;

/// <summary>The file cannot be served: not a capture file name of this capture, or gone (cleaned,
/// rotated away by retention).</summary>
/// <param name="Key">The capture.</param>
/// <param name="FileName">The asked name.</param>
/// <param name="Message">One line saying why.</param>
public sealed record CaptureFileRejected(CaptureKey Key, string FileName, string Message) : IPacketCaptureMessage;
