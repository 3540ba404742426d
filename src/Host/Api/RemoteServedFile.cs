using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Files;

namespace PacketCapture.Host.Api;

/// <summary>A file of another member's node, streamed from that member's <see cref="CaptureFileActor"/>
/// through a stream ref when the zip reaches it (a ref not read within its subscription timeout
/// would be dropped by the other member).</summary>
/// <param name="EntryName">The name in the zip.</param>
/// <param name="Node">The node the file is on (named when it fails).</param>
/// <param name="Member">That node's member's file actor.</param>
/// <param name="Key">The capture.</param>
/// <param name="File">The file as the member listed it.</param>
/// <param name="Materializer">Runs the receiving end of the stream.</param>
/// <param name="Timeout">How long opening may take.</param>
internal sealed record RemoteServedFile(
    string EntryName, string Node, ActorSelection Member, CaptureKey Key, ListedCaptureFile File, IMaterializer Materializer, TimeSpan Timeout)
    : ServedFile(EntryName)
{
    /// <inheritdoc />
    public override async Task<ServedContent?> OpenAsync(CancellationToken cancellationToken)
    {
        object reply;
        try
        {
            reply = await Member.Ask<object>(new OpenCaptureFile(Key, File.Name), Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException e)
        {
            throw new RemoteFileException($"node {Node} did not open {File.Name} within {Timeout.TotalSeconds:0.#}s", e);
        }

        return reply switch
        {
            ISourceRef<byte[]> source => Receive(source),

            // Gone since it was listed (cleaned, or removed by retention): skipped, as a local file would be.
            CaptureFileRejected => null,
            _ => throw new RemoteFileException($"node {Node} answered {reply.GetType().Name} to opening {File.Name}"),
        };
    }

    private Content Receive(ISourceRef<byte[]> source)
    {
        var (stop, queue) = source.Source
            .ViaMaterialized(KillSwitches.Single<byte[]>(), Keep.Right)
            .ToMaterialized(Sink.Queue<byte[]>(), Keep.Both)
            .Run(Materializer);
        return new Content(queue, stop, File.LastWrite, Node);
    }

    private sealed class Content(ISinkQueue<byte[]> queue, UniqueKillSwitch stop, DateTimeOffset lastWrite, string node) : ServedContent
    {
        private bool _done;

        public override DateTimeOffset LastWrite => lastWrite;

        public override async Task CopyToAsync(Stream target, byte[] buffer, CancellationToken cancellationToken)
        {
            while (true)
            {
                Akka.Util.Option<byte[]> next;
                try
                {
                    // One chunk at a time: the queue pulls the next only when asked, and the stream ref
                    // asks the other member for at most buffer-capacity chunks ahead (back-pressure).
                    next = await queue.PullAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    throw new RemoteFileException($"the stream from node {node} failed: {e.Message}", e);
                }

                if (!next.HasValue)
                {
                    _done = true;
                    return;
                }

                // Written as received: a chunk is a fresh array of at most 32 KiB (CaptureFileActor.ChunkSize).
                await target.WriteAsync(next.Value, cancellationToken).ConfigureAwait(false);
            }
        }

        public override ValueTask DisposeAsync()
        {
            if (!_done)
            {
                // Stops the other member reading the file when the download ends early.
                stop.Shutdown();
            }

            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>A remote file could not be streamed after the zip had started: the download is cut.</summary>
internal sealed class RemoteFileException(string message, Exception? inner = null) : Exception(message, inner);
