using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;

namespace PacketCapture.Host.Demo;

/// <summary>
/// What a classic pcap file holds, counted by kind (<c>TCP 8080</c>, <c>UDP 53</c>, <c>ICMP</c>, …).
/// A TCP or UDP packet is counted under its service port: the lower of its two ports, so both
/// directions of a connection land under the same key (ephemeral ports are the high ones).
/// </summary>
/// <param name="Packets">Whole records read.</param>
/// <param name="ByKind">Packets per kind, sorted by kind.</param>
/// <param name="Note">Why the file was not read to its end (a truncated last record), or null.</param>
public sealed record PcapSummary(long Packets, ImmutableSortedDictionary<string, long> ByKind, string? Note)
{
    private const int GlobalHeaderSize = 24;
    private const int RecordHeaderSize = 16;

    // Far above any snap length a capture uses (65536): a bigger length means a corrupt record,
    // and refusing it keeps a damaged file from making the reader allocate gigabytes.
    private const int MaxRecordLength = 256 * 1024;

    private const int LinkTypeEthernet = 1;
    private const int LinkTypeRawIp = 101;

    /// <summary>Reads the pcap file at <paramref name="path"/>.</summary>
    /// <exception cref="PcapFormatException">Not a pcap file, or a link type this reader does not know.</exception>
    public static PcapSummary Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024);
        return Read(stream, Path.GetFileName(path));
    }

    /// <summary>Reads a pcap stream; <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="PcapFormatException">Not a pcap file, or a link type this reader does not know.</exception>
    public static PcapSummary Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[GlobalHeaderSize];
        if (stream.ReadAtLeast(header, GlobalHeaderSize, throwOnEndOfStream: false) < GlobalHeaderSize)
        {
            throw new PcapFormatException($"{name}: not a pcap file (shorter than the 24-byte pcap header)");
        }

        var bigEndian = BinaryPrimitives.ReadUInt32BigEndian(header) switch
        {
            0xa1b2c3d4 or 0xa1b23c4d => true,
            _ when BinaryPrimitives.ReadUInt32LittleEndian(header) is 0xa1b2c3d4 or 0xa1b23c4d => false,
            var magic => throw new PcapFormatException(
                $"{name}: not a pcap file (magic number 0x{magic.ToString("x8", CultureInfo.InvariantCulture)}; pcapng is not supported)"),
        };
        var linkType = (int)(ReadUInt32(header[20..], bigEndian) & 0x0fffffff);
        if (linkType is not (LinkTypeEthernet or LinkTypeRawIp))
        {
            throw new PcapFormatException($"{name}: link type {linkType} is not supported (Ethernet or raw IP only)");
        }

        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long packets = 0;
        string? note = null;
        Span<byte> recordHeader = stackalloc byte[RecordHeaderSize];
        var data = new byte[MaxRecordLength];
        while (true)
        {
            var got = stream.ReadAtLeast(recordHeader, RecordHeaderSize, throwOnEndOfStream: false);
            if (got == 0)
            {
                break;
            }

            if (got < RecordHeaderSize)
            {
                note = Truncated(packets, got);
                break;
            }

            var captured = ReadUInt32(recordHeader[8..], bigEndian);
            if (captured > MaxRecordLength)
            {
                note = $"record {packets + 1} claims {captured} bytes, more than any capture writes; read the {packets} records before it";
                break;
            }

            var length = (int)captured;
            got = stream.ReadAtLeast(data.AsSpan(0, length), length, throwOnEndOfStream: false);
            if (got < length)
            {
                note = Truncated(packets, RecordHeaderSize + got);
                break;
            }

            packets++;
            var kind = linkType == LinkTypeEthernet ? EthernetKind(data.AsSpan(0, length)) : IpKind(data.AsSpan(0, length));
            counts[kind] = counts.GetValueOrDefault(kind) + 1;
        }

        return new PcapSummary(packets, counts.ToImmutableSortedDictionary(StringComparer.Ordinal), note);
    }

    /// <summary>One line: <c>12 packets: TCP 8080 ×12</c>.</summary>
    public override string ToString()
    {
        var kinds = ByKind.Count == 0 ? "none" : string.Join(", ", ByKind.Select(k => $"{k.Key} ×{k.Value}"));
        return $"{Packets} packets: {kinds}" + (Note is null ? "" : $" ({Note})");
    }

    private static string Truncated(long packets, int extra) =>
        $"file ends inside a record ({extra} bytes after the last whole one); summary of the {packets} whole records";

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);

    private static string EthernetKind(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 14)
        {
            return "short frame";
        }

        var etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        var offset = 14;

        // 802.1Q / 802.1ad tags sit between the addresses and the real EtherType.
        while (etherType is 0x8100 or 0x88a8 && frame.Length >= offset + 4)
        {
            etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 2)..]);
            offset += 4;
        }

        return etherType switch
        {
            0x0800 => Ipv4Kind(frame[offset..]),
            0x86dd => Ipv6Kind(frame[offset..]),
            0x0806 => "ARP",
            _ => $"EtherType 0x{etherType.ToString("x4", CultureInfo.InvariantCulture)}",
        };
    }

    private static string IpKind(ReadOnlySpan<byte> packet) =>
        packet.Length > 0 && packet[0] >> 4 == 6 ? Ipv6Kind(packet) : Ipv4Kind(packet);

    private static string Ipv4Kind(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 20 || packet[0] >> 4 != 4)
        {
            return "IPv4 (malformed)";
        }

        var headerLength = (packet[0] & 0x0f) * 4;
        var fragmentOffset = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x1fff;
        var protocol = packet[9];

        // Only the first fragment carries the transport header.
        var transport = fragmentOffset == 0 && packet.Length >= headerLength ? packet[headerLength..] : [];
        return TransportKind(protocol, transport, "ICMP", "IPv4");
    }

    private static string Ipv6Kind(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 40)
        {
            return "IPv6 (malformed)";
        }

        // Extension headers are not walked: the demo's captures are IPv4; IPv6 is only tolerated.
        var kind = TransportKind(packet[6], packet[40..], "ICMPv6", "IPv6");
        return kind.StartsWith("TCP", StringComparison.Ordinal) || kind.StartsWith("UDP", StringComparison.Ordinal) ? "IPv6 " + kind : kind;
    }

    private static string TransportKind(byte protocol, ReadOnlySpan<byte> transport, string icmpName, string family) => protocol switch
    {
        6 => Ported("TCP", transport),
        17 => Ported("UDP", transport),
        1 when family == "IPv4" => icmpName,
        58 when family == "IPv6" => icmpName,
        _ => $"{family} protocol {protocol}",
    };

    private static string Ported(string protocol, ReadOnlySpan<byte> transport)
    {
        if (transport.Length < 4)
        {
            return protocol;
        }

        var source = BinaryPrimitives.ReadUInt16BigEndian(transport);
        var destination = BinaryPrimitives.ReadUInt16BigEndian(transport[2..]);
        return $"{protocol} {Math.Min(source, destination)}";
    }
}
