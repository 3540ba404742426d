namespace PacketCapture.Capture;

/// <summary>One rotation: the active file was closed and renamed.</summary>
/// <param name="OldFileName">The active file's name before the rename (<c>pod_if.pcap</c>).</param>
/// <param name="NewFileName">The rotated name (<c>pod_if-&lt;unix microseconds&gt;.pcap</c>).</param>
/// <param name="Bytes">The rotated file's size in bytes.</param>
/// <param name="Packets">Packets this session wrote into the file (an appended file may hold more from an earlier run).</param>
public sealed record FileRotation(string OldFileName, string NewFileName, long Bytes, long Packets);
