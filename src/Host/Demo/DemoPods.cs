using System.Collections.Immutable;
using System.Globalization;

namespace PacketCapture.Host.Demo;

/// <summary>
/// The demo's pods: a network namespace each (<c>pcdemo-&lt;pid&gt;-&lt;n&gt;</c>) joined to the root
/// namespace by a veth pair (host end <c>pcd&lt;pid&gt;h&lt;n&gt;</c>, pod end <c>eth0</c>), one /30 of
/// 198.19.0.0/16 each, IPv6 off on both ends (no neighbour-discovery noise in the files), and a
/// labels file in the pods directory so netns discovery reports it. Dispose removes all of it;
/// a failed <see cref="Create"/> removes what it had made before throwing.
/// </summary>
public sealed class DemoPods : IDisposable
{
    /// <summary>The prefix of every demo network namespace: <c>pcdemo-&lt;pid&gt;-&lt;n&gt;</c>.</summary>
    public const string NamespacePrefix = "pcdemo-";

    private const string PodInterface = "eth0";

    private readonly List<DemoPod> _made = [];
    private readonly string _podsDirectory;

    private DemoPods(string podsDirectory) => _podsDirectory = podsDirectory;

    /// <summary>The pods, in the order of their specs.</summary>
    public ImmutableArray<DemoPod> Pods { get; private set; } = [];

    /// <summary>Makes one pod per spec, named and addressed from <paramref name="owner"/> (the process id).</summary>
    /// <exception cref="DemoException">A step failed; everything made so far is removed.</exception>
    public static DemoPods Create(IReadOnlyList<DemoPodSpec> specs, string podsDirectory, int owner)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var pods = new DemoPods(podsDirectory);
        try
        {
            Directory.CreateDirectory(podsDirectory);
            for (var n = 0; n < specs.Count; n++)
            {
                pods.Make(Plan(specs[n], owner, n));
            }

            pods.Pods = [.. pods._made];
            return pods;
        }
        catch
        {
            pods.Dispose();
            throw;
        }
    }

    /// <summary>Names and addresses of pod <paramref name="n"/> of run <paramref name="owner"/>: pure, so concurrent runs
    /// (different pids) get different names and, unless their pids agree modulo 4096, different /30s.</summary>
    public static DemoPod Plan(DemoPodSpec spec, int owner, int n)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (n is < 0 or > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "a demo run has at most four pods (one /28 of addresses)");
        }

        // 198.19.0.0/16 holds 4096 blocks of four /30s; 198.18.0.0/16 is left to the tests' VethNetwork.
        var block = ((owner % 4096) * 4) + n;
        var network = (198u << 24) | (19u << 16) | ((uint)block * 4);
        return new DemoPod(
            spec.Namespace,
            spec.Pod,
            spec.Labels,
            string.Create(CultureInfo.InvariantCulture, $"{NamespacePrefix}{owner}-{n}"),
            string.Create(CultureInfo.InvariantCulture, $"pcd{owner}h{n}"),
            PodInterface,
            Address(network + 1),
            Address(network + 2));
    }

    /// <summary>Removes the network namespaces (and so their veths) of demo runs whose process is gone.</summary>
    /// <returns>The namespaces removed.</returns>
    public static IReadOnlyList<string> SweepStale()
    {
        var removed = new List<string>();
        var (exit, output, _) = SystemCommand.TryRun("ip", "netns", "list");
        if (exit != 0)
        {
            return removed;
        }

        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            if (OwnerOf(name) is { } pid && !Directory.Exists($"/proc/{pid}"))
            {
                SystemCommand.TryRun("ip", "netns", "del", name);
                removed.Add(name);
            }
        }

        return removed;
    }

    /// <summary>The pid in a demo namespace name <c>pcdemo-&lt;pid&gt;-&lt;n&gt;</c>, or null for any other name.</summary>
    public static int? OwnerOf(string networkNamespace)
    {
        ArgumentNullException.ThrowIfNull(networkNamespace);
        if (!networkNamespace.StartsWith(NamespacePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = networkNamespace[NamespacePrefix.Length..].Split('-');
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) &&
               int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? pid
            : null;
    }

    /// <summary>Removes every namespace, veth and labels file this made; safe to call twice.</summary>
    public void Dispose()
    {
        for (var i = _made.Count - 1; i >= 0; i--)
        {
            var pod = _made[i];

            // Deleting the namespace deletes the pod end and with it the pair; the host-end delete
            // covers a pair whose pod end never reached the namespace.
            SystemCommand.TryRun("ip", "netns", "del", pod.NetworkNamespace);
            SystemCommand.TryRun("ip", "link", "del", pod.HostInterface);
            try
            {
                File.Delete(LabelsPath(pod));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A labels file that cannot be removed names a namespace that no longer exists: harmless.
            }
        }

        _made.Clear();
    }

    private static string Address(uint value) =>
        string.Create(CultureInfo.InvariantCulture, $"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}");

    private string LabelsPath(DemoPod pod) => Path.Combine(_podsDirectory, pod.NetworkNamespace + ".yaml");

    private void Make(DemoPod pod)
    {
        // Recorded first: whatever of it exists when a step below fails is removed by Dispose.
        _made.Add(pod);
        SystemCommand.Run("ip", "netns", "add", pod.NetworkNamespace);
        SystemCommand.Run("ip", "link", "add", pod.HostInterface, "type", "veth", "peer", "name", pod.PodInterface, "netns", pod.NetworkNamespace);
        DisableIpv6(pod.HostInterface);
        NetworkNamespace.Run(pod.NetworkNamespace, TimeSpan.FromSeconds(10), () => DisableIpv6(pod.PodInterface));
        SystemCommand.Run("ip", "addr", "add", pod.HostAddress + "/30", "dev", pod.HostInterface);
        SystemCommand.Run("ip", "-n", pod.NetworkNamespace, "addr", "add", pod.PodAddress + "/30", "dev", pod.PodInterface);
        SystemCommand.Run("ip", "link", "set", pod.HostInterface, "up");
        SystemCommand.Run("ip", "-n", pod.NetworkNamespace, "link", "set", pod.PodInterface, "up");
        SystemCommand.Run("ip", "-n", pod.NetworkNamespace, "link", "set", "lo", "up");

        // Written last: discovery must not see a pod whose veth is half made.
        File.WriteAllText(LabelsPath(pod), pod.LabelsFile());
    }

    /// <summary>Turns IPv6 off on an interface of the calling thread's network namespace
    /// (<c>/proc/sys/net</c> shows the namespace of whoever opens it). A kernel without IPv6 has nothing to turn off.</summary>
    private static bool DisableIpv6(string interfaceName)
    {
        var path = $"/proc/sys/net/ipv6/conf/{interfaceName}/disable_ipv6";
        if (!File.Exists(path))
        {
            return false;
        }

        File.WriteAllText(path, "1");
        return true;
    }
}
