namespace PacketCapture.Host.Demo;

/// <summary>A file that is not a classic pcap file; the message is one line naming the file and what is wrong.</summary>
public sealed class PcapFormatException(string message) : Exception(message);
