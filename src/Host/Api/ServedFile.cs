namespace PacketCapture.Host.Api;

/// <summary>One entry of a download zip: its name (<c>&lt;node&gt;/&lt;file&gt;</c>) and how to read it,
/// from this member's disk or from another member.</summary>
/// <param name="EntryName">The name in the zip.</param>
public abstract record ServedFile(string EntryName)
{
    /// <summary>Opens the file for reading; null when it is gone (the zip skips it).</summary>
    public abstract Task<ServedContent?> OpenAsync(CancellationToken cancellationToken);
}

/// <summary>An opened <see cref="ServedFile"/>: copied once into its zip entry, then disposed.</summary>
public abstract class ServedContent : IAsyncDisposable
{
    /// <summary>The file's last write time (the zip entry's time).</summary>
    public abstract DateTimeOffset LastWrite { get; }

    /// <summary>Copies the whole file into <paramref name="target"/> through <paramref name="buffer"/>,
    /// never holding more of it than the buffer.</summary>
    public abstract Task CopyToAsync(Stream target, byte[] buffer, CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();
}
