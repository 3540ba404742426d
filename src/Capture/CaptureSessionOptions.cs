namespace PacketCapture.Capture;

/// <summary>What one capture session captures and where it writes (SPEC.md §5 defaults).</summary>
public sealed record CaptureSessionOptions
{
    /// <summary>Smallest accepted <see cref="MaxSizeBytes"/>: a file header plus a useful record.</summary>
    public const long MinimumMaxSizeBytes = 128;

    /// <summary>The interface to open, e.g. the endpoint's host-side <c>cali*</c> veth.</summary>
    public required string InterfaceName { get; init; }

    /// <summary>Root of all captures; the session writes under <c>&lt;root&gt;/&lt;namespace&gt;/&lt;capture&gt;/</c>.</summary>
    public string CaptureDirectory { get; init; } = "/var/log/calico/pcap";

    /// <summary>The PacketCapture resource's namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The PacketCapture resource's name.</summary>
    public required string CaptureName { get; init; }

    /// <summary>The captured workload (pod) name, first part of every file name.</summary>
    public required string PodName { get; init; }

    /// <summary>A BPF filter expression; empty captures everything.</summary>
    public string Filter { get; init; } = "";

    /// <summary>No file ever exceeds this many bytes; the active file rotates first.</summary>
    public long MaxSizeBytes { get; init; } = 10_000_000;

    /// <summary>Rotated files kept by retention.</summary>
    public int MaxFiles { get; init; } = 2;

    /// <summary>Stop as Finished after this many written packets; 0 means no limit.</summary>
    public long MaxPackets { get; init; }

    /// <summary>Kernel ring buffer size in bytes (tcpdump's -B is KiB); 256 KiB drops at 300k pps, 4 MiB does not.</summary>
    public int BufferSizeBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Clock for rotated-file indices; tests may pin it.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Throws <see cref="CaptureArgumentException"/> for unsafe names or impossible limits.</summary>
    public void Validate()
    {
        PcapFileNames.ValidateComponent(InterfaceName, nameof(InterfaceName));
        PcapFileNames.ValidateComponent(Namespace, nameof(Namespace));
        PcapFileNames.ValidateComponent(CaptureName, nameof(CaptureName));
        PcapFileNames.ValidateComponent(PodName, nameof(PodName));
        if (string.IsNullOrWhiteSpace(CaptureDirectory))
        {
            throw new CaptureArgumentException("capture directory is empty", nameof(CaptureDirectory));
        }

        if (MaxSizeBytes < MinimumMaxSizeBytes)
        {
            throw new CaptureArgumentException($"max size {MaxSizeBytes} bytes is below the minimum of {MinimumMaxSizeBytes}", nameof(MaxSizeBytes));
        }

        if (MaxFiles < 0)
        {
            throw new CaptureArgumentException($"max files {MaxFiles} is negative", nameof(MaxFiles));
        }

        if (MaxPackets < 0)
        {
            throw new CaptureArgumentException($"max packets {MaxPackets} is negative", nameof(MaxPackets));
        }

        if (BufferSizeBytes <= 0)
        {
            throw new CaptureArgumentException($"buffer size {BufferSizeBytes} is not positive", nameof(BufferSizeBytes));
        }

        ArgumentNullException.ThrowIfNull(Filter);
        ArgumentNullException.ThrowIfNull(Clock);
    }
}
