namespace PacketCapture.Host.Api;

/// <summary>
/// Lets <see cref="System.IO.Compression.ZipArchive"/> write to a response body that refuses
/// synchronous writes. The archive writes file data asynchronously, but a few small records
/// (an entry's data descriptor, when its stream is disposed) synchronously; those are held here
/// and sent ahead of the next asynchronous write or on <see cref="DrainAsync"/>. They are tens of
/// bytes each, so the hold never grows with the size of the files.
/// </summary>
internal sealed class AsyncOnlyOutput(Stream inner) : Stream
{
    // A sync write larger than this is not a zip record: refuse rather than buffer a file's worth.
    private const int MaxHeld = 1024 * 1024;

    private readonly MemoryStream _held = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_held.Length + buffer.Length > MaxHeld)
        {
            throw new InvalidOperationException($"synchronous write of {buffer.Length} bytes to an async-only output");
        }

        _held.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await DrainHeldAsync(cancellationToken).ConfigureAwait(false);
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await DrainHeldAsync(cancellationToken).ConfigureAwait(false);
        await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends whatever is held, then flushes.</summary>
    public Task DrainAsync(CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    // Sync flushes come from the archive between records; the held bytes go out with the next async write.
    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _held.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task DrainHeldAsync(CancellationToken cancellationToken)
    {
        if (_held.Length == 0)
        {
            return;
        }

        await inner.WriteAsync(_held.GetBuffer().AsMemory(0, (int)_held.Length), cancellationToken).ConfigureAwait(false);
        _held.SetLength(0);
    }
}
