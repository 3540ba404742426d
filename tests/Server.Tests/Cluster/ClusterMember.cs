using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using PacketCapture.Actors.Model;
using PacketCapture.Server.Tests.EndToEnd;
using PacketCapture.Server.Tests.Server;

namespace PacketCapture.Server.Tests.Cluster;

/// <summary>
/// One <c>packetcapture serve</c> process of a cluster on loopback: its own data directory (admin
/// token, capture files, pods labels) and node name, the shared PostgreSQL journal, a fixed remoting
/// port so it can be a seed. Disposing kills it if it still runs; the data stays for a restart.
/// </summary>
internal sealed partial class ClusterMember : IDisposable
{
    private ServeProcess _process;

    private ClusterMember(ServeProcess process, string dataDirectory, string node, int remotePort, string url, string[] args)
    {
        _process = process;
        DataDirectory = dataDirectory;
        Node = node;
        RemotePort = remotePort;
        Url = url;
        Arguments = args;
    }

    public string DataDirectory { get; }

    public string Node { get; }

    public int RemotePort { get; }

    public string Url { get; private set; }

    public string Address => SeedOf(RemotePort);

    public string PodsDirectory => Path.Combine(DataDirectory, "pods");

    public string CaptureDirectory => Path.Combine(DataDirectory, "pcap");

    public IReadOnlyList<string> Output => _process.Output;

    private string[] Arguments { get; }

    public static string SeedOf(int port) => $"akka.tcp://packetcapture@127.0.0.1:{port}";

    /// <summary>A free TCP port on loopback (for a remoting port chosen before the member starts).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts a member and waits until its API listens (it is then Up in the cluster).</summary>
    public static ClusterMember Start(string dataDirectory, string node, string postgres, int remotePort, IEnumerable<string> seeds)
    {
        string[] args =
        [
            "--data-dir", dataDirectory, "--listen", "127.0.0.1:0", "--node", node,
            "--journal", "postgres", "--postgres", postgres,
            "--remote-host", "127.0.0.1", "--remote-port", remotePort.ToString(CultureInfo.InvariantCulture),
            .. seeds.SelectMany(s => new[] { "--seed", s }),
        ];
        var process = ServeProcess.Start(args);
        try
        {
            return new ClusterMember(process, dataDirectory, node, remotePort, WaitForUrl(process), args);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>Starts the same member again (same data, node, ports and seeds) after it was killed.</summary>
    public void Restart()
    {
        _process.Dispose();
        _process = ServeProcess.Start(Arguments);
        Url = WaitForUrl(_process);
    }

    /// <summary>SIGKILL: no shutdown, no leave, the cluster must notice on its own.</summary>
    public void Kill()
    {
        Shell.Run("kill", "-KILL", _process.Id.ToString(CultureInfo.InvariantCulture));
        _process.WaitForExitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
    }

    /// <summary>True when this member's process has a packet socket on <paramref name="hostInterface"/>: its node
    /// captures there now (a capture file appears only with the first packet, so the socket is the signal).</summary>
    /// <summary>First sequence number of <see cref="ProbeUntilCaptured"/>'s probes; batches stay below it.</summary>
    public const long FirstProbe = 1_000_000;

    /// <summary>
    /// After a restart the packet socket exists a moment before libpcap has set the filter (and
    /// drained what arrived meanwhile), so a batch sent the instant the socket appears can be lost.
    /// This sends one filtered-in probe at a time (sequence numbers from <see cref="FirstProbe"/>)
    /// until one is in <paramref name="file"/>; assertions then drop the probes' numbers.
    /// </summary>
    public static void ProbeUntilCaptured(VethNetwork network, VethLink link, int port, string file, int attempts = 60)
    {
        var before = NetnsCaptureTests.CountOrZero(file);
        for (var i = 0; i < attempts; i++)
        {
            network.Send(link, "udp", 1, port, firstSeq: FirstProbe + i);
            if (SpinWait.SpinUntil(() => NetnsCaptureTests.CountOrZero(file) > before, TimeSpan.FromSeconds(1)))
            {
                return;
            }
        }

        Assert.Fail($"no probe reached {file} after {attempts} tries");
    }

    /// <summary>The sequence numbers in <paramref name="file"/> without the probes.</summary>
    public static IEnumerable<long> WithoutProbes(string file) => TcpdumpReader.Sequence(file).Where(n => n < FirstProbe);

    public bool IsCapturingOn(string hostInterface)
    {
        try
        {
            var index = File.ReadAllText($"/sys/class/net/{hostInterface}/ifindex").Trim();

            // /proc/net/packet: sk RefCnt Type Proto Iface R Rmem User Inode.
            var inodes = File.ReadAllLines("/proc/net/packet").Skip(1)
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(f => f.Length >= 9 && f[4] == index)
                .Select(f => $"socket:[{f[8]}]")
                .ToHashSet(StringComparer.Ordinal);
            return Directory.EnumerateFileSystemEntries($"/proc/{_process.Id}/fd")
                .Any(fd => new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process exited, or a descriptor closed while listing: not capturing now.
            return false;
        }
    }

    public Task<CliRun> Cli(params string[] args) => CliWithInput(null, args);

    public Task<CliRun> CliWithInput(string? stdin, params string[] args) =>
        CliRun.StartAsync(stdin, [.. args, "--server", Url, "--data-dir", DataDirectory]);

    /// <summary><c>get -o json</c> through this member, or null when it answers with an error (e.g. during a failover).</summary>
    public async Task<PacketCaptureResource?> TryGetAsync(string ns, string name)
    {
        var run = await Cli("get", name, "-n", ns, "-o", "json");
        return run.ExitCode == 0 ? ResourceReader.ReadSingle(run.Output).Resource : null;
    }

    /// <summary>Polls <c>get</c> through this member until <paramref name="condition"/> holds; returns that resource.</summary>
    public async Task<PacketCaptureResource> WaitForAsync(string ns, string name, Func<PacketCaptureResource, bool> condition, string what, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        PacketCaptureResource? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await TryGetAsync(ns, name) ?? last;
            if (last is not null && condition(last))
            {
                return last;
            }
        }

        throw new Xunit.Sdk.XunitException($"timed out after {timeoutSeconds} s waiting for {what}; last status: {(last is null ? "none" : ResourceWriter.ToJson(last))}");
    }

    /// <summary>How many capture entities run on this member (<c>/metrics</c>), or null when it does not say.</summary>
    public async Task<int?> HostedEntitiesAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(DataDirectory, "admin-token")).Trim());
        var text = await client.GetStringAsync(new Uri(new Uri(Url), "/metrics"));
        var match = HostedGauge().Match(text);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Makes a VethNetwork netns one of this member's pods (its labels file in this member's pods directory).</summary>
    public void LabelPod(VethLink link, string ns, string pod, string app)
    {
        Directory.CreateDirectory(PodsDirectory);
        var path = Path.Combine(PodsDirectory, link.Namespace + ".yaml");
        File.WriteAllText(path + ".tmp", $"namespace: {ns}\npod: {pod}\nlabels: {{app: {app}}}\n");
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public void Dispose() => _process.Dispose();

    private static string WaitForUrl(ServeProcess process)
    {
        // Joining seeds, starting sharding and warming the journal take longer than a lone member.
        var line = process.WaitForOutput("listening on http", 120_000);
        var url = ListeningOn().Match(line);
        Assert.True(url.Success, line);
        return url.Groups[1].Value;
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)$")]
    private static partial Regex ListeningOn();

    [GeneratedRegex(@"^packetcapture_member_capture_entities (\d+)$", RegexOptions.Multiline)]
    private static partial Regex HostedGauge();
}
