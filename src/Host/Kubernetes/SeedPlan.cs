using System.Globalization;
using System.Net;

namespace PacketCapture.Host.Kubernetes;

/// <summary>A member pod as seed discovery sees it.</summary>
/// <param name="PodIp">Its <c>status.podIP</c>, or null before it has one.</param>
/// <param name="Running">Phase Running.</param>
/// <param name="Ready">Condition Ready is True (in the DaemonSet: its member is Up, /readyz).</param>
/// <param name="Terminating">It has a deletion timestamp.</param>
public sealed record SeedPod(string? PodIp, bool Running, bool Ready, bool Terminating);

/// <summary>What a member joins: <see cref="Seeds"/> in order (Akka's seed-node process: when this member
/// is first it asks the others and joins itself only when none answers; otherwise it keeps asking
/// the seeds until one that is in the cluster answers).</summary>
/// <param name="Seeds">Addresses <c>akka.tcp://system@ip:port</c>.</param>
/// <param name="SelfFirst">This member may form the cluster (it is the lowest-addressed candidate and nobody is Ready).</param>
public sealed record SeedPlan(IReadOnlyList<string> Seeds, bool SelfFirst)
{
    private static readonly IComparer<string> Comparer = Comparer<string>.Create(Compare);

    /// <summary>
    /// The rule that keeps one cluster: when some other member pod is Ready (its member is Up, so a
    /// cluster exists) join the Ready ones only and never self. When none is Ready (a cold start:
    /// readiness follows Up, so nobody can be), every Running pod with an address is a candidate
    /// and only the lowest address (<see cref="Compare"/>) may form the cluster; the others join
    /// the list and wait for it. Every member computes the same order from the same pods.
    /// </summary>
    /// <param name="self">This member's address (as Akka reports it).</param>
    /// <param name="pods">The member pods listed.</param>
    /// <param name="systemName">The actor system name.</param>
    /// <param name="port">The remoting port every member uses.</param>
    public static SeedPlan Decide(string self, IEnumerable<SeedPod> pods, string systemName, int port)
    {
        ArgumentException.ThrowIfNullOrEmpty(self);
        ArgumentNullException.ThrowIfNull(pods);
        var usable = pods.Where(p => p.Running && !p.Terminating && IPAddress.TryParse(p.PodIp, out _)).ToList();
        var ready = usable.Where(p => p.Ready).Select(p => Address(systemName, p.PodIp!, port))
            .Where(a => a != self).Distinct().Order(Comparer).ToList();
        if (ready.Count > 0)
        {
            return new SeedPlan(ready, SelfFirst: false);
        }

        var candidates = usable.Select(p => Address(systemName, p.PodIp!, port)).Append(self).Distinct().Order(Comparer).ToList();
        return candidates[0] == self
            ? new SeedPlan(candidates, SelfFirst: true)
            : new SeedPlan(candidates.Where(a => a != self).ToList(), SelfFirst: false);
    }

    /// <summary><c>akka.tcp://system@ip:port</c> (IPv6 in brackets).</summary>
    public static string Address(string systemName, string ip, int port)
    {
        var host = IPAddress.TryParse(ip, out var parsed) && parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{parsed}]"
            : ip;
        return $"akka.tcp://{systemName}@{host}:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>Orders addresses by IP numerically (IPv4 before IPv6), then port; an address whose host is
    /// not an IP sorts after every IP, by text. Every member sorts alike.</summary>
    public static int Compare(string? a, string? b)
    {
        var (hostA, portA) = Split(a ?? "");
        var (hostB, portB) = Split(b ?? "");
        var ipA = IPAddress.TryParse(hostA, out var x) ? x : null;
        var ipB = IPAddress.TryParse(hostB, out var y) ? y : null;
        var byHost = (ipA, ipB) switch
        {
            (not null, not null) => CompareIp(ipA, ipB),
            (not null, null) => -1,
            (null, not null) => 1,
            _ => string.CompareOrdinal(hostA, hostB),
        };
        if (byHost != 0)
        {
            return byHost;
        }

        var byPort = portA.CompareTo(portB);
        return byPort != 0 ? byPort : string.CompareOrdinal(a, b);
    }

    private static int CompareIp(IPAddress a, IPAddress b)
    {
        var (bytesA, bytesB) = (a.GetAddressBytes(), b.GetAddressBytes());
        return bytesA.Length != bytesB.Length
            ? bytesA.Length.CompareTo(bytesB.Length)
            : bytesA.AsSpan().SequenceCompareTo(bytesB);
    }

    private static (string Host, int Port) Split(string address)
    {
        var at = address.LastIndexOf('@');
        var hostPort = at < 0 ? address : address[(at + 1)..];
        var colon = hostPort.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(hostPort[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return (hostPort, 0);
        }

        return (hostPort[..colon].Trim('[', ']'), port);
    }
}
