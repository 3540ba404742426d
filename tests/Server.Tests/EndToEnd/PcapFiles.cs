namespace PacketCapture.Server.Tests.EndToEnd;

/// <summary>Independent readers of the capture files: tshark and tcpdump.</summary>
internal static class PcapFiles
{
    /// <summary>Fails unless tshark reads the whole file without an error (a cut-short or corrupt record is one).</summary>
    public static int TsharkCount(string file)
    {
        var (exit, output, error) = Shell.RunWithStatus("tshark", ["-r", file, "-n", "-T", "fields", "-e", "frame.number"]);
        Assert.True(exit == 0, $"tshark could not read {file} (exit {exit}): {error}");
        Assert.DoesNotContain("cut short", error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("appears to be damaged", error, StringComparison.OrdinalIgnoreCase);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    /// <summary>Every .pcap file under <paramref name="directory"/>, sorted by name.</summary>
    public static IReadOnlyList<string> In(string directory) =>
        Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory, "*.pcap", SearchOption.AllDirectories).Order(StringComparer.Ordinal)]
            : [];
}
