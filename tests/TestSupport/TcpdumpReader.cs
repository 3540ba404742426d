using System.Globalization;
using System.Text.RegularExpressions;

namespace PacketCapture.TestSupport;

/// <summary>Reads pcap files with tcpdump, the independent reader the tests trust.</summary>
public static partial class TcpdumpReader
{
    /// <summary>One line per packet, as <c>tcpdump -r FILE -nn</c> prints them; fails if tcpdump cannot read the file.</summary>
    public static IReadOnlyList<string> Packets(string file)
    {
        var (exit, output, error) = Shell.RunWithStatus("tcpdump", ["-r", file, "-nn"]);
        Assert.True(exit == 0, $"tcpdump could not read {file}: {error}");
        Assert.DoesNotContain("truncated", error, StringComparison.OrdinalIgnoreCase);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The sequence numbers pctsend put in the payloads, in file order.</summary>
    public static IReadOnlyList<long> Sequence(string file)
    {
        var (exit, output, error) = Shell.RunWithStatus("tcpdump", ["-r", file, "-nn", "-A"]);
        Assert.True(exit == 0, $"tcpdump could not read {file}: {error}");
        return SequenceTag().Matches(output).Select(m => long.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture)).ToList();
    }

    [GeneratedRegex("S([0-9]{8});")]
    private static partial Regex SequenceTag();
}
