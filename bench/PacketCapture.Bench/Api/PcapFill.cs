using System.Buffers.Binary;

namespace PacketCapture.Bench.Api;

/// <summary>
/// Grows a finished capture file to a target size with valid pcap records (16-byte record
/// header, then a 1514-byte Ethernet/IPv4/UDP frame of random payload), appended after the
/// file's own global header and packets, written a megabyte at a time.
/// </summary>
internal static class PcapFill
{
    private const int FrameLength = 1514;
    private const int RecordLength = 16 + FrameLength;
    private const int RecordsPerChunk = 1024 * 1024 / RecordLength;

    public static void GrowTo(string path, long size)
    {
        CheckHeader(path);
        var chunk = new byte[RecordsPerChunk * RecordLength];
        var frame = Frame();
        var seconds = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 0);
        var micros = 0u;
        while (file.Length < size)
        {
            for (var r = 0; r < RecordsPerChunk; r++)
            {
                var record = chunk.AsSpan(r * RecordLength, RecordLength);
                micros += 10;
                if (micros >= 1_000_000)
                {
                    micros = 0;
                    seconds++;
                }

                // pcap record header in the file's byte order (libpcap writes host order: little-endian here).
                BinaryPrimitives.WriteUInt32LittleEndian(record, seconds);
                BinaryPrimitives.WriteUInt32LittleEndian(record[4..], micros);
                BinaryPrimitives.WriteUInt32LittleEndian(record[8..], FrameLength);
                BinaryPrimitives.WriteUInt32LittleEndian(record[12..], FrameLength);
                frame.CopyTo(record[16..]);
            }

            file.Write(chunk);
        }
    }

    // Records are written little-endian with 1514-byte frames: the file must say so.
    private static void CheckHeader(string path)
    {
        Span<byte> header = stackalloc byte[24];
        using (var file = File.OpenRead(path))
        {
            file.ReadExactly(header);
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        var snapLength = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
        var linkType = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
        if (magic is not (0xA1B2C3D4 or 0xA1B23C4D) || snapLength < FrameLength || linkType != 1)
        {
            throw new InvalidOperationException($"{path}: magic {magic:x8}, snap length {snapLength}, link type {linkType}: not a little-endian Ethernet pcap this fill can extend");
        }
    }

    private static byte[] Frame()
    {
        var frame = new byte[FrameLength];
        Random.Shared.NextBytes(frame);

        // Ethernet: zero MACs (loopback), IPv4.
        frame.AsSpan(0, 12).Clear();
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);

        // IPv4 header 127.0.0.1 → 127.0.0.1, UDP; the checksum is not checked by readers.
        var ip = frame.AsSpan(14, 20);
        ip[0] = 0x45;
        ip[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], FrameLength - 14);
        BinaryPrimitives.WriteUInt32BigEndian(ip[4..], 0x4000_0000u);
        ip[8] = 64;
        ip[9] = 17;
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], 0x7F00_0001u);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], 0x7F00_0001u);

        // UDP 40000 → 9, no checksum.
        var udp = frame.AsSpan(34, 8);
        BinaryPrimitives.WriteUInt16BigEndian(udp, 40000);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], 9);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], FrameLength - 34);
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], 0);
        return frame;
    }
}
