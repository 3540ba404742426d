namespace PacketCapture.Host.Demo;

/// <summary>What one pod sent and what came back (each count is bounded by <see cref="DemoTraffic"/>).</summary>
/// <param name="Pod">The pod, <c>namespace/name</c>.</param>
/// <param name="TcpConnected">True when the TCP handshake to port 8080 completed.</param>
/// <param name="TcpEchoed">Payload segments sent to port 8080 and echoed back.</param>
/// <param name="TcpRefused">True when port 5432 answered (a reset, or a listener somebody else runs).</param>
/// <param name="UdpSent">Datagrams sent to port 53.</param>
/// <param name="IcmpReplies">Echo replies received.</param>
public sealed record TrafficReport(string Pod, bool TcpConnected, int TcpEchoed, bool TcpRefused, int UdpSent, int IcmpReplies)
{
    /// <summary>One line for the demo's output.</summary>
    public override string ToString() =>
        $"tcp/8080 {(TcpConnected ? "connected" : "NOT connected")}, {TcpEchoed} segments echoed; " +
        $"tcp/5432 {(TcpRefused ? "answered" : "no answer")}; udp/53 {UdpSent} sent; icmp {IcmpReplies} replies";
}
