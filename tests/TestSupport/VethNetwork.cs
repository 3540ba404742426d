using System.Globalization;

namespace PacketCapture.TestSupport;

/// <summary>
/// Real-traffic fixture: creates network namespaces joined to this namespace by veth pairs
/// (addresses in 198.18.0.0/15 only), sends bounded UDP/TCP/ICMP frames with the compiled
/// pctsend sender, and deletes everything on dispose, also when a test failed. Names carry
/// the process id (<c>pct-&lt;pid&gt;-&lt;n&gt;</c>), and namespaces left by crashed runs are swept.
/// </summary>
public sealed class VethNetwork : IDisposable
{
    /// <summary>
    /// Frames go to this unassigned MAC, so the host end receives them (and libpcap sees
    /// them) but the kernel drops them as not-for-us: no replies, no resets, no ICMP errors,
    /// and the packets in a file are exactly the packets sent.
    /// </summary>
    public const string SinkMac = "02:00:5e:c6:12:01";

    private readonly List<VethLink> _links = [];
    private readonly Lock _gate = new();
    private readonly int _pid = Environment.ProcessId;
    private int _next;

    public VethNetwork()
    {
        SweepStaleNamespaces();
        WorkDirectory = Directory.CreateTempSubdirectory($"pct-{_pid}-").FullName;
        SenderPath = Path.Combine(WorkDirectory, "pctsend");
        Shell.Run("gcc", "-O2", "-o", SenderPath, Path.Combine(RepositoryRoot(), "bench", "capture", "pctsend.c"));
    }

    /// <summary>A private temporary directory, removed on dispose.</summary>
    public string WorkDirectory { get; }

    /// <summary>The compiled bounded sender.</summary>
    public string SenderPath { get; }

    /// <summary>Creates a fresh veth pair with its pod namespace, both ends up, IPv6 off (no ND noise).</summary>
    public VethLink CreateLink()
    {
        int n;
        lock (_gate)
        {
            n = _next++;
        }

        // One /30 per link; the pid spreads concurrent test runs over 198.18.0.0/15.
        var block = ((_pid % 512) * 64) + (n % 64);
        var baseAddress = (198u << 24) | (18u << 16) | ((uint)block * 4);
        var link = new VethLink(
            $"pct-{_pid}-{n}",
            $"pc{_pid}h{n}",
            $"pc{_pid}p{n}",
            Address(baseAddress + 1),
            Address(baseAddress + 2));
        lock (_gate)
        {
            _links.Add(link);
        }

        Shell.Run("ip", "netns", "add", link.Namespace);
        Shell.Run("ip", "link", "add", link.HostInterface, "type", "veth", "peer", "name", link.PodInterface);
        Shell.Run("ip", "link", "set", link.PodInterface, "netns", link.Namespace);
        Shell.Run("sysctl", "-qw", $"net.ipv6.conf.{link.HostInterface}.disable_ipv6=1");
        Shell.Run("ip", "netns", "exec", link.Namespace, "sysctl", "-qw", $"net.ipv6.conf.{link.PodInterface}.disable_ipv6=1");
        Shell.Run("ip", "addr", "add", $"{link.HostAddress}/30", "dev", link.HostInterface);
        Shell.Run("ip", "-n", link.Namespace, "addr", "add", $"{link.PodAddress}/30", "dev", link.PodInterface);
        Shell.Run("ip", "link", "set", link.HostInterface, "up");
        Shell.Run("ip", "-n", link.Namespace, "link", "set", link.PodInterface, "up");
        Shell.Run("ip", "-n", link.Namespace, "link", "set", "lo", "up");
        return link;
    }

    /// <summary>
    /// Sends <paramref name="count"/> frames from the pod end to the host end, sequence numbers
    /// from <paramref name="firstSeq"/>, bounded by count and 20 s; returns how many were sent.
    /// </summary>
    public long Send(VethLink link, string protocol, int count, int destinationPort = 9, long firstSeq = 0, int payload = 64, int packetsPerSecond = 0)
    {
        var output = Shell.Run(
            "ip", "netns", "exec", link.Namespace, SenderPath, link.PodInterface, link.PodAddress, link.HostAddress, SinkMac,
            "--proto", protocol,
            "--dport", destinationPort.ToString(CultureInfo.InvariantCulture),
            "--count", count.ToString(CultureInfo.InvariantCulture),
            "--seconds", "20",
            "--payload", payload.ToString(CultureInfo.InvariantCulture),
            "--first-seq", firstSeq.ToString(CultureInfo.InvariantCulture),
            "--pps", packetsPerSecond.ToString(CultureInfo.InvariantCulture));
        return long.Parse(output.Trim().Split('=')[1], CultureInfo.InvariantCulture);
    }

    /// <summary>Deletes the host end (and with it the pair), as when a pod goes away.</summary>
    public static void DeleteHostInterface(VethLink link) => Shell.Run("ip", "link", "del", link.HostInterface);

    public void Dispose()
    {
        List<VethLink> links;
        lock (_gate)
        {
            links = [.. _links];
        }

        foreach (var link in links)
        {
            // Deleting the namespace deletes the pod end and so the whole pair; the explicit
            // host-end delete covers a namespace that never got its end.
            Shell.RunWithStatus("ip", ["netns", "del", link.Namespace]);
            Shell.RunWithStatus("ip", ["link", "del", link.HostInterface]);
        }

        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A busy temp directory is harmless; the namespaces were the thing to clean.
        }
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PacketCapture.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (PacketCapture.sln) not found above " + AppContext.BaseDirectory);
    }

    private static string Address(uint value) =>
        string.Create(CultureInfo.InvariantCulture, $"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}");

    /// <summary>Removes pct-&lt;pid&gt;-* namespaces whose process is gone (a crashed earlier run).</summary>
    private static void SweepStaleNamespaces()
    {
        var (_, output, _) = Shell.RunWithStatus("ip", ["netns", "list"]);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            var parts = name.Split('-');
            if (parts.Length == 3 && parts[0] == "pct" && int.TryParse(parts[1], out var pid) && !ProcessAlive(pid))
            {
                Shell.RunWithStatus("ip", ["netns", "del", name]);
            }
        }
    }

    private static bool ProcessAlive(int pid) => Directory.Exists($"/proc/{pid}");
}
