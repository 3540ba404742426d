using System.Collections.Immutable;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using PacketCapture.Actors.Configuration;

namespace PacketCapture.Actors.Files;

/// <summary>
/// Serves this member's capture files to the other members (<c>/user/capture-files</c>, one per
/// member): lists a capture's files of this node and opens one as a stream ref, so the member
/// that got a download request streams every node's files through the cluster's own remoting.
/// The asking member has authorized the user; this actor only guards the paths.
/// </summary>
public sealed class CaptureFileActor : ReceiveActor
{
    /// <summary>The actor's name under <c>/user</c> on every member.</summary>
    public const string Name = "capture-files";

    /// <summary>
    /// Bytes per stream element. Elements are <c>byte[]</c>, not <c>ByteString</c>: Akka.NET writes
    /// byte arrays with its raw byte-array serializer, while a ByteString inside a stream ref falls to
    /// the JSON serializer, which cannot read it back (found by CrossSystemFileTests). Each element crosses remoting as one message, and remoting's
    /// <c>maximum-frame-size</c> is 128,000 bytes: 32 KiB leaves room for the envelope and keeps
    /// what one stream holds in flight small (stream-ref <c>buffer-capacity</c> elements).
    /// </summary>
    public const int ChunkSize = 32 * 1024;

    private readonly NodeSettings _node;
    private IMaterializer? _materializer;

    /// <summary>Creates the actor for this member's node.</summary>
    /// <param name="node">This member's node name and capture directory.</param>
    public CaptureFileActor(NodeSettings node)
    {
        _node = node;
        Receive<ListCaptureFiles>(List);
        Receive<OpenCaptureFile>(Open);
    }

    /// <summary>Props for <see cref="CaptureFileActor"/>.</summary>
    /// <param name="node">This member's node settings.</param>
    public static Props Props(NodeSettings node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Akka.Actor.Props.Create(() => new CaptureFileActor(node));
    }

    /// <inheritdoc />
    protected override void PreStart() =>
        // Tied to this actor: the streams it hands out end when it stops.
        _materializer = Context.Materializer();

    private void List(ListCaptureFiles request)
    {
        var names = request.Nodes
            .Where(n => string.Equals(n.Node, _node.NodeName, StringComparison.Ordinal))
            .SelectMany(n => n.FileNames);
        var files = ImmutableArray.CreateBuilder<ListedCaptureFile>();
        foreach (var file in CaptureFileRules.Servable(request.Key, names, _node.CaptureDirectory))
        {
            var info = new FileInfo(file.FullPath);
            if (info.Exists)
            {
                files.Add(new ListedCaptureFile(file.Name, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero)));
            }
        }

        Sender.Tell(new CaptureFileListing(request.Key, _node.NodeName, files.ToImmutable()));
    }

    private void Open(OpenCaptureFile request)
    {
        var file = CaptureFileRules.One(request.Key, request.FileName, _node.CaptureDirectory);
        if (file is null)
        {
            Sender.Tell(new CaptureFileRejected(
                request.Key, request.FileName, $"\"{request.FileName}\" is not a capture file name of {request.Key.EntityId}"));
            return;
        }

        if (!File.Exists(file.FullPath))
        {
            Sender.Tell(new CaptureFileRejected(
                request.Key, request.FileName, $"{request.FileName} of {request.Key.EntityId} is gone from node {_node.NodeName}"));
            return;
        }

        // Opened when the stream starts (right away, on the blocking-I/O dispatcher). Shared for
        // read, write and delete: the capture may still be writing it, and a clean may delete it.
        var path = file.FullPath;
        StreamConverters.FromInputStream(() => OpenRead(path), ChunkSize)
            .Select(chunk => chunk.ToArray())
            .RunWith(StreamRefs.SourceRef<byte[]>(), _materializer!)
            .PipeTo(Sender, failure: e => new CaptureFileRejected(request.Key, request.FileName, $"cannot stream {request.FileName}: {e.Message}"));
    }

    private static FileStream OpenRead(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.ReadWrite | FileShare.Delete,
        Options = FileOptions.SequentialScan,
    });
}
