using System.Buffers;
using System.IO.Compression;

namespace PacketCapture.Host.Api;

/// <summary>
/// Writes files as a zip straight into a (non-seekable) response stream: entries are written
/// with data descriptors as they are read, through one pooled buffer, so memory stays constant
/// whatever the size of the capture.
/// </summary>
public static class CaptureZip
{
    /// <summary>
    /// Stored, not deflated: pcap payloads compress poorly and deflate costs a core per ~100 MB/s,
    /// which on these 2-core machines would take it from the captures (measured in docs/API.md).
    /// </summary>
    public const CompressionLevel Level = CompressionLevel.NoCompression;

    private const int BufferSize = 128 * 1024;

    // rw-r----- for extracted files: captured packets are private to their owner and group.
    private const int UnixMode = 0b1000_000_110_100_000;

    /// <summary>Streams <paramref name="files"/> into <paramref name="output"/>, one at a time through one
    /// buffer (a remote file arrives in chunks and is back-pressured); a file that vanished meanwhile is skipped.</summary>
    /// <returns>How many files were written.</returns>
    public static async Task<int> WriteAsync(Stream output, IReadOnlyList<ServedFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(files);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var written = 0;
        var asyncOutput = new AsyncOnlyOutput(output);
        try
        {
            var zip = await ZipArchive.CreateAsync(asyncOutput, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken)
                .ConfigureAwait(false);
            await using (zip.ConfigureAwait(false))
            {
                written = await WriteEntriesAsync(zip, files, buffer, cancellationToken).ConfigureAwait(false);
            }

            await asyncOutput.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await asyncOutput.DisposeAsync().ConfigureAwait(false);
        }

        return written;
    }

    private static async Task<int> WriteEntriesAsync(ZipArchive zip, IReadOnlyList<ServedFile> files, byte[] buffer, CancellationToken cancellationToken)
    {
        var written = 0;
        foreach (var file in files)
        {
            var content = await file.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (content is null)
            {
                continue;
            }

            await using (content.ConfigureAwait(false))
            {
                var entry = zip.CreateEntry(file.EntryName, Level);
                entry.LastWriteTime = content.LastWrite;
                entry.ExternalAttributes = UnixMode << 16;
                var target = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using (target.ConfigureAwait(false))
                {
                    await content.CopyToAsync(target, buffer, cancellationToken).ConfigureAwait(false);
                }
            }

            written++;
        }

        return written;
    }
}
