using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Files;

namespace PacketCapture.Host.Api;

/// <summary>A file of this member's own node, read from its capture directory.</summary>
/// <param name="EntryName">The name in the zip.</param>
/// <param name="FullPath">Where it is on disk (inside the capture's directory).</param>
public sealed record LocalServedFile(string EntryName, string FullPath) : ServedFile(EntryName)
{
    /// <inheritdoc />
    public override Task<ServedContent?> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            var stream = new FileStream(FullPath, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,

                // The capture may still write it, and a clean may delete it meanwhile.
                Share = FileShare.ReadWrite | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                BufferSize = 0,
            });
            return Task.FromResult<ServedContent?>(new Content(stream));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<ServedContent?>(null);
        }
    }

    private sealed class Content(FileStream source) : ServedContent
    {
        public override DateTimeOffset LastWrite => File.GetLastWriteTimeUtc(source.SafeFileHandle);

        public override async Task CopyToAsync(Stream target, byte[] buffer, CancellationToken cancellationToken)
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }

        public override ValueTask DisposeAsync() => source.DisposeAsync();
    }
}

/// <summary>
/// Which files of a capture this member serves from its own disk: only its own node's, by the
/// shared rules of <see cref="CaptureFileRules"/> (plain capture file names, inside the capture's
/// directory). Other nodes' files come from their members (<see cref="ClusterCaptureFiles"/>).
/// </summary>
public static class CaptureFileSet
{
    /// <summary>The files of <paramref name="view"/> on <paramref name="node"/> under <paramref name="captureDirectory"/>, in status order.</summary>
    public static IReadOnlyList<LocalServedFile> Local(CaptureView view, string node, string captureDirectory)
    {
        ArgumentNullException.ThrowIfNull(view);
        return CaptureFileRules.Servable(view.Key, CaptureFileRules.StatusNames(view, node), captureDirectory)
            .Select(f => new LocalServedFile($"{node}/{f.Name}", f.FullPath))
            .ToList();
    }

    /// <summary>True for a plain <c>&lt;pod&gt;_&lt;iface&gt;[-&lt;µs&gt;].pcap</c> name: one safe path component.</summary>
    public static bool IsCaptureFileName(string name) => CaptureFileRules.IsCaptureFileName(name);
}
