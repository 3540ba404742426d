using System.Collections.Immutable;
using PacketCapture.Host.Demo;

namespace PacketCapture.Server.Tests.Demo;

public sealed class DemoReportingTests
{
    private static readonly DemoPod Web = DemoPods.Plan(DemoPodSpec.Default[0], 1, 0);

    [Theory]
    [InlineData(0x000001ffffffffffUL, true, true, 0)]
    [InlineData(0x0000000000000000UL, true, true, 1)]
    [InlineData(0x0000000000001000UL, true, true, 1)]
    [InlineData(0x000001ffffffffffUL, false, true, 1)]
    [InlineData(0x000001ffffffffffUL, true, false, 1)]
    [InlineData(0x0000000000000000UL, false, false, 3)]
    public void Each_missing_prerequisite_is_one_line(ulong capabilities, bool ip, bool libpcap, int expected)
    {
        var problems = DemoPrerequisites.Problems(capabilities, ip, libpcap);

        Assert.Equal(expected, problems.Count);
        Assert.All(problems, p => Assert.DoesNotContain('\n', p));
    }

    [Fact]
    public void Missing_pieces_name_how_to_install_them()
    {
        var problems = DemoPrerequisites.Problems(1UL << 12, ipFound: false, libpcapLoads: false);

        Assert.Contains("CAP_SYS_ADMIN", problems[0]);
        Assert.DoesNotContain("CAP_NET_ADMIN", problems[0]);
        Assert.Contains("apt-get install iproute2", problems[1]);
        Assert.Contains("apt-get install libpcap0.8", problems[2]);
    }

    [Theory]
    [InlineData("Name:\tdotnet\nCapEff:\t000001ffffffffff\nCapBnd:\t0\n", 0x000001ffffffffffUL)]
    [InlineData("CapEff:\t0000000000000000\n", 0UL)]
    [InlineData("Name:\tx\n", 0UL)]
    public void Effective_capabilities_are_read_from_proc_status(string status, ulong expected) =>
        Assert.Equal(expected, DemoPrerequisites.ParseEffectiveCapabilities(status));

    [Fact]
    public void Only_tcp_8080_of_the_web_pod_concludes_that_the_filter_applied()
    {
        var (ok, line) = DemoRun.Conclude([File("web-1_pcd1h0.pcap", "web-1", ("TCP 8080", 12)), File("web-1_pcd1h0-1700000000000000.pcap", "web-1", ("TCP 8080", 30))], Web);

        Assert.True(ok);
        Assert.Equal("filter applied: 42 packets, all TCP port 8080, from shop/web-1 only", line);
    }

    [Fact]
    public void Other_kinds_other_pods_or_no_packets_are_unexpected()
    {
        Assert.Equal(
            (false, "UNEXPECTED: unexpected kinds UDP 53"),
            DemoRun.Conclude([File("web-1_pcd1h0.pcap", "web-1", ("TCP 8080", 12), ("UDP 53", 3))], Web));
        Assert.Equal(
            (false, "UNEXPECTED: files of shop/db-1, shop/web-1 (expected shop/web-1 only)"),
            DemoRun.Conclude([File("web-1_pcd1h0.pcap", "web-1", ("TCP 8080", 12)), File("db-1_pcd1h1.pcap", "db-1", ("TCP 8080", 1))], Web));
        Assert.Equal((false, "UNEXPECTED: no packets captured"), DemoRun.Conclude([], Web));
    }

    [Fact]
    public void Table_columns_are_aligned()
    {
        var lines = TextTable.Format(["NODE", "STATE"], [["node-a-long", "Finished"], ["b", "Capturing"]], indent: "");

        Assert.Equal(["NODE         STATE", "node-a-long  Finished", "b            Capturing"], lines);
    }

    [Theory]
    [InlineData("""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"spec.selector: bad","code":422}""", "spec.selector: bad")]
    [InlineData("plain text error\nsecond line", "plain text error")]
    [InlineData("", "(empty body)")]
    public void Server_errors_are_shown_by_their_status_message(string body, string expected) =>
        Assert.Equal(expected, CaptureApiClient.StatusMessage(body));

    [Fact]
    public void The_applied_capture_is_valid_and_selects_web_pods_of_shop_on_tcp_8080()
    {
        var document = PacketCapture.Actors.Model.ResourceReader.ReadSingle(DemoRun.CaptureYaml);

        Assert.True(document.IsValid, string.Join("; ", document.Errors));
        Assert.Equal("shop", document.Resource!.Metadata.Namespace);
        Assert.Equal("(tcp and (port 8080))", PacketCapture.Actors.Model.CapturePlan.For(document.Resource).BpfFilter);
    }

    [Fact]
    public void Echo_request_checksum_verifies()
    {
        var packet = DemoTraffic.EchoRequest(0x1234, 7);

        uint sum = 0;
        for (var i = 0; i < packet.Length; i += 2)
        {
            sum += (uint)((packet[i] << 8) | packet[i + 1]);
        }

        while (sum >> 16 != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        Assert.Equal(0xffffu, sum);
        Assert.Equal(8, packet[0]);
    }

    private static DemoRun.FileSummary File(string name, string pod, params (string Kind, long Count)[] kinds) =>
        new(name, "/nowhere/" + name, pod, 100, new PcapSummary(
            kinds.Sum(k => k.Count),
            kinds.ToImmutableSortedDictionary(k => k.Kind, k => k.Count, StringComparer.Ordinal),
            null));
}
