using System.Text.RegularExpressions;
using PacketCapture.Host.Demo;

namespace PacketCapture.Server.Tests.Demo;

public sealed partial class PcapSummaryTests : IDisposable
{
    private readonly VethNetwork _network = new();

    public void Dispose() => _network.Dispose();

    [Fact]
    public void Counts_of_a_tcpdump_file_equal_tcpdumps_own_reading()
    {
        var link = _network.CreateLink();
        var file = Path.Combine(_network.WorkDirectory, "mixed.pcap");
        using (var tcpdump = TcpdumpCapture.Start(link.HostInterface, file, count: 45))
        {
            _network.Send(link, "udp", 20, destinationPort: 9);
            _network.Send(link, "tcp", 15, destinationPort: 8080);
            _network.Send(link, "icmp", 10);
            tcpdump.WaitForExit();
        }

        var summary = PcapSummary.Read(file);

        var expected = TcpdumpKinds(file);
        Assert.Equal(45, summary.Packets);
        Assert.Null(summary.Note);
        Assert.Equal(expected, summary.ByKind.ToDictionary(k => k.Key, k => k.Value));
        Assert.Equal(20, summary.ByKind["UDP 9"]);
        Assert.Equal(15, summary.ByKind["TCP 8080"]);
        Assert.Equal(10, summary.ByKind["ICMP"]);
    }

    [Fact]
    public void Truncated_file_is_summarised_up_to_its_last_whole_record_with_a_note()
    {
        var whole = WriteUdpFile(count: 5);
        var bytes = File.ReadAllBytes(whole);
        var truncated = Path.Combine(_network.WorkDirectory, "truncated.pcap");
        File.WriteAllBytes(truncated, bytes[..^10]);

        var summary = PcapSummary.Read(truncated);

        Assert.Equal(4, summary.Packets);
        Assert.Equal(4, summary.ByKind["UDP 9"]);
        Assert.NotNull(summary.Note);
        Assert.Contains("4 whole records", summary.Note);
    }

    [Fact]
    public void File_cut_inside_a_record_header_keeps_the_records_before_it()
    {
        var whole = WriteUdpFile(count: 3);
        var bytes = File.ReadAllBytes(whole);
        var truncated = Path.Combine(_network.WorkDirectory, "header-cut.pcap");

        // Global header, then whole records of equal size: cut 5 bytes into the third record's header.
        var recordSize = (bytes.Length - 24) / 3;
        File.WriteAllBytes(truncated, bytes[..(24 + (2 * recordSize) + 5)]);

        var summary = PcapSummary.Read(truncated);

        Assert.Equal(2, summary.Packets);
        Assert.Contains("5 bytes after the last whole one", summary.Note);
    }

    [Fact]
    public void A_file_that_is_not_a_pcap_is_one_line_naming_the_file()
    {
        var path = Path.Combine(_network.WorkDirectory, "notes.txt");
        File.WriteAllText(path, "these are not packets, just some text long enough for a header\n");

        var error = Assert.Throws<PcapFormatException>(() => PcapSummary.Read(path));

        Assert.StartsWith("notes.txt: not a pcap file", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_file_shorter_than_the_pcap_header_is_not_a_pcap()
    {
        var path = Path.Combine(_network.WorkDirectory, "tiny.pcap");
        File.WriteAllBytes(path, [0xd4, 0xc3, 0xb2, 0xa1]);

        var error = Assert.Throws<PcapFormatException>(() => PcapSummary.Read(path));

        Assert.Contains("shorter than the 24-byte pcap header", error.Message);
    }

    private string WriteUdpFile(int count)
    {
        var link = _network.CreateLink();
        var file = Path.Combine(_network.WorkDirectory, $"udp-{count}.pcap");
        using var tcpdump = TcpdumpCapture.Start(link.HostInterface, file, count);
        _network.Send(link, "udp", count, destinationPort: 9);
        tcpdump.WaitForExit();
        return file;
    }

    /// <summary>tcpdump's own reading (<c>-q</c>: no application decoding), counted the way the summary counts:
    /// TCP/UDP under the lower port, ICMP as one kind.</summary>
    private static Dictionary<string, long> TcpdumpKinds(string file)
    {
        var (exit, output, error) = Shell.RunWithStatus("tcpdump", ["-r", file, "-nn", "-q"]);
        Assert.True(exit == 0, error);
        var kinds = new Dictionary<string, long>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var kind = Kind(line);
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
        }

        return kinds;
    }

    private static string Kind(string line)
    {
        if (line.Contains(" ICMP ", StringComparison.Ordinal))
        {
            return "ICMP";
        }

        var match = PortLine().Match(line);
        Assert.True(match.Success, $"unexpected tcpdump line: {line}");
        var low = Math.Min(int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value));
        return match.Groups[3].Value == "tcp" ? $"TCP {low}" : $"UDP {low}";
    }

    [GeneratedRegex(@" IP \d+\.\d+\.\d+\.\d+\.(\d+) > \d+\.\d+\.\d+\.\d+\.(\d+): (tcp|UDP)")]
    private static partial Regex PortLine();
}
