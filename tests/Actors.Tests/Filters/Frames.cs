using System.Buffers.Binary;

namespace PacketCapture.Actors.Tests.Filters;

/// <summary>Minimal Ethernet frames (IPv4/IPv6 + a transport header) for filter tests.</summary>
internal static class Frames
{
    public static byte[] Ipv4(byte protocol, ushort sourcePort = 40000, ushort destinationPort = 80)
    {
        var frame = new byte[14 + 20 + 8];
        EthernetHeader(frame, 0x0800);
        var ip = frame.AsSpan(14);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + 8));
        ip[8] = 64;
        ip[9] = protocol;
        ip[12..16].Fill(198); // 198.198.198.198 -> 198.18.0.1; addresses don't matter to these filters
        ip[16] = 198; ip[17] = 18; ip[18] = 0; ip[19] = 1;
        Ports(ip[20..], sourcePort, destinationPort);
        return frame;
    }

    public static byte[] Ipv6(byte nextHeader, ushort sourcePort = 40000, ushort destinationPort = 80)
    {
        var frame = new byte[14 + 40 + 8];
        EthernetHeader(frame, 0x86DD);
        var ip = frame.AsSpan(14);
        ip[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], 8);
        ip[6] = nextHeader;
        ip[7] = 64;
        ip[8] = 0x20; ip[9] = 0x01; ip[10] = 0x0d; ip[11] = 0xb8; ip[23] = 1; // 2001:db8::1
        ip[24] = 0x20; ip[25] = 0x01; ip[26] = 0x0d; ip[27] = 0xb8; ip[39] = 2; // 2001:db8::2
        Ports(ip[40..], sourcePort, destinationPort);
        return frame;
    }

    private static void EthernetHeader(byte[] frame, ushort etherType)
    {
        frame.AsSpan(0, 12).Fill(0x02);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), etherType);
    }

    private static void Ports(Span<byte> transport, ushort source, ushort destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(transport, source);
        BinaryPrimitives.WriteUInt16BigEndian(transport[2..], destination);
    }
}
