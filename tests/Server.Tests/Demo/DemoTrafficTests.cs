using PacketCapture.Host.Demo;

namespace PacketCapture.Server.Tests.Demo;

public sealed class DemoTrafficTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pcdemo-test-traffic-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Traffic_from_a_pod_stays_on_its_veth_with_a_tcp_handshake_udp_and_icmp()
    {
        using var pods = DemoPods.Create([DemoPodSpec.Default[0]], Path.Combine(_directory, "pods"), Environment.ProcessId);
        var pod = pods.Pods[0];
        var file = Path.Combine(_directory, "host.pcap");
        IReadOnlyList<TrafficReport> reports;
        using (var tcpdump = TcpdumpCapture.Start(pod.HostInterface, file))
        {
            reports = DemoTraffic.Generate(pods.Pods);
            tcpdump.Stop();
        }

        var report = Assert.Single(reports);
        Assert.Equal(new TrafficReport("shop/web-1", TcpConnected: true, TcpEchoed: 3, TcpRefused: true, UdpSent: 3, IcmpReplies: 3), report);

        var lines = TcpdumpReader.Packets(file);
        var toWeb = $"{pod.PodAddress}.";
        Assert.Contains(lines, l => l.Contains($" > {pod.HostAddress}.8080: Flags [S]", StringComparison.Ordinal) && l.Contains(toWeb, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"{pod.HostAddress}.8080 > {pod.PodAddress}.", StringComparison.Ordinal) && l.Contains("Flags [S.]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($" > {pod.HostAddress}.8080: Flags [P.]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"{pod.HostAddress}.5432 > {pod.PodAddress}.", StringComparison.Ordinal) && l.Contains("Flags [R.]", StringComparison.Ordinal));
        Assert.Equal(3, lines.Count(l => l.Contains($" > {pod.HostAddress}.53: ", StringComparison.Ordinal)));
        Assert.Equal(3, lines.Count(l => l.Contains($"{pod.PodAddress} > {pod.HostAddress}: ICMP echo request", StringComparison.Ordinal)));
        Assert.Equal(3, lines.Count(l => l.Contains($"{pod.HostAddress} > {pod.PodAddress}: ICMP echo reply", StringComparison.Ordinal)));

        // The demo's own reader agrees with tcpdump on the same file.
        var summary = PcapSummary.Read(file);
        Assert.Equal(3, summary.ByKind["UDP 53"]);
        Assert.True(summary.ByKind["TCP 8080"] >= 9, summary.ToString());
        Assert.True(summary.ByKind["ICMP"] >= 6, summary.ToString());
    }

    [Fact]
    public void Work_inside_a_network_namespace_sees_that_namespaces_interfaces()
    {
        using var pods = DemoPods.Create([DemoPodSpec.Default[0]], Path.Combine(_directory, "pods"), Environment.ProcessId);

        var inside = NetworkNamespace.Run(pods.Pods[0].NetworkNamespace, TimeSpan.FromSeconds(10),
            () => System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name).Order().ToList());

        Assert.Equal(["eth0", "lo"], inside);
        Assert.Contains(System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces(), i => i.Name == pods.Pods[0].HostInterface);
    }

    [Fact]
    public void Failure_inside_a_network_namespace_is_rethrown_to_the_caller()
    {
        using var pods = DemoPods.Create([DemoPodSpec.Default[0]], Path.Combine(_directory, "pods"), Environment.ProcessId);

        var error = Assert.Throws<InvalidOperationException>(() =>
            NetworkNamespace.Run<int>(pods.Pods[0].NetworkNamespace, TimeSpan.FromSeconds(10), () => throw new InvalidOperationException("inside")));

        Assert.Equal("inside", error.Message);
    }
}
