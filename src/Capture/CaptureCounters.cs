namespace PacketCapture.Capture;

/// <summary>
/// A snapshot of a session's counters. Written packets and bytes are exact at the moment
/// of reading; the kernel figures come from <c>pcap_stats</c>, sampled by the capture thread
/// at most every 100 ms and once more when the session ends.
/// </summary>
/// <param name="PacketsWritten">Packets written to pcap files by this session.</param>
/// <param name="BytesWritten">Bytes written to pcap files by this session, file and record headers included.</param>
/// <param name="PacketsReceived">libpcap's <c>ps_recv</c>: packets that passed the filter (on Linux, dropped ones included).</param>
/// <param name="PacketsDropped">libpcap's <c>ps_drop</c>: packets the kernel dropped because the buffer was full.</param>
/// <param name="PacketsDroppedByInterface">libpcap's <c>ps_ifdrop</c>: packets the interface dropped.</param>
/// <param name="FilesWritten">Files this session created or appended to (the active file and every rotated one).</param>
public readonly record struct CaptureCounters(
    long PacketsWritten,
    long BytesWritten,
    long PacketsReceived,
    long PacketsDropped,
    long PacketsDroppedByInterface,
    long FilesWritten);
