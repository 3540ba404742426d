namespace PacketCapture.Actors.Configuration;

/// <summary>Everything the actors read from the <c>packetcapture</c> HOCON block, parsed once.</summary>
/// <param name="Node">This member's capture settings.</param>
/// <param name="Entity">The capture entities' settings.</param>
public sealed record PacketCaptureSettings(NodeSettings Node, EntitySettings Entity);

/// <summary>How this member captures (SPEC.md §5 node settings and defaults).</summary>
public sealed record NodeSettings
{
    /// <summary>This node's name in status <c>files</c> entries.</summary>
    public required string NodeName { get; init; }

    /// <summary>Base directory of capture files.</summary>
    public string CaptureDirectory { get; init; } = "/var/log/calico/pcap";

    /// <summary>A file is rotated before it would exceed this size.</summary>
    public long MaxSizeBytes { get; init; } = 10_000_000;

    /// <summary>A file holding at least one packet is rotated after this long.</summary>
    public TimeSpan RotationInterval { get; init; } = TimeSpan.FromSeconds(3600);

    /// <summary>Rotated files kept per capture directory.</summary>
    public int MaxFiles { get; init; } = 2;

    /// <summary>libpcap's kernel buffer per interface.</summary>
    public int BufferSizeBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>State and file changes are coalesced and reported at most this often per capture.</summary>
    public TimeSpan StatusReportInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Counters are refreshed and reported this often while capturing.</summary>
    public TimeSpan CountersInterval { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>How capture entities persist.</summary>
public sealed record EntitySettings
{
    /// <summary>A snapshot is saved after every this many events.</summary>
    public int SnapshotEvery { get; init; } = 100;

    /// <summary>Shards of the capture region (fixed for the life of a cluster).</summary>
    public int NumberOfShards { get; init; } = 100;
}
