using System.Globalization;
using System.Runtime.InteropServices;

namespace PacketCapture.Host.Demo;

/// <summary>
/// What the demo needs from the machine and how to get it. It installs nothing itself: each
/// missing piece is one line saying what is missing and the command that fixes it.
/// </summary>
public static class DemoPrerequisites
{
    private const int CapNetAdmin = 12;
    private const int CapSysAdmin = 21;
    private const int CapNetRaw = 13;

    /// <summary>Debian's runtime package ships only this soname (the capture library loads the same).</summary>
    private const string Libpcap = "libpcap.so.0.8";

    /// <summary>Checks this process and machine; returns one line per missing piece (empty: all there).</summary>
    public static IReadOnlyList<string> Check() =>
        Problems(EffectiveCapabilities(), FindOnPath("ip") is not null, NativeLibrary.TryLoad(Libpcap, out _));

    /// <summary>The problems, from what was found (pure: the checks are separate from reading the machine).</summary>
    /// <param name="capabilities">The effective capability mask (<c>CapEff</c> of <c>/proc/self/status</c>).</param>
    /// <param name="ipFound">Whether the <c>ip</c> tool (iproute2) is on the path.</param>
    /// <param name="libpcapLoads">Whether libpcap can be loaded.</param>
    public static IReadOnlyList<string> Problems(ulong capabilities, bool ipFound, bool libpcapLoads)
    {
        var problems = new List<string>();
        var missing = new[] { (CapNetAdmin, "CAP_NET_ADMIN"), (CapSysAdmin, "CAP_SYS_ADMIN"), (CapNetRaw, "CAP_NET_RAW") }
            .Where(c => (capabilities & (1UL << c.Item1)) == 0)
            .Select(c => c.Item2)
            .ToList();
        if (missing.Count > 0)
        {
            problems.Add($"needs root ({string.Join(", ", missing)} missing) to create network namespaces and capture: run it as root, e.g. 'sudo ./packetcapture demo'");
        }

        if (!ipFound)
        {
            problems.Add("the 'ip' tool is not installed: install it with 'apt-get install iproute2'");
        }

        if (!libpcapLoads)
        {
            problems.Add($"libpcap ({Libpcap}) cannot be loaded: install it with 'apt-get install libpcap0.8'");
        }

        return problems;
    }

    /// <summary>Parses the <c>CapEff:</c> line of a <c>/proc/&lt;pid&gt;/status</c> text; 0 when absent.</summary>
    public static ulong ParseEffectiveCapabilities(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("CapEff:", StringComparison.Ordinal) &&
                ulong.TryParse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask))
            {
                return mask;
            }
        }

        return 0;
    }

    /// <summary>The full path of <paramref name="tool"/> on PATH (or the sbin directories a non-login root shell may lack), or null.</summary>
    public static string? FindOnPath(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"])
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
    }

    private static ulong EffectiveCapabilities()
    {
        try
        {
            return ParseEffectiveCapabilities(File.ReadAllText("/proc/self/status"));
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
