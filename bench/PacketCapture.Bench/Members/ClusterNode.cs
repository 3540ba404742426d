using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PacketCapture.Bench.Api;

namespace PacketCapture.Bench.Members;

/// <summary>
/// One <c>packetcapture serve</c> member of the benchmark cluster, its own process on loopback:
/// a fixed remoting port (so it is a seed and can come back at the same address), the shared
/// PostgreSQL journal, its own data directory. <see cref="KillAsync"/> is SIGKILL; disposing is SIGTERM.
/// </summary>
internal sealed partial class ClusterNode : IAsyncDisposable
{
    public const string Namespace = "bench";

    // Joining the seeds and starting sharding take far longer than a lone member on a loaded machine.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private readonly string[] _arguments;
    private ChildServer _server;
    private HttpClient _http;

    private ClusterNode(string name, string dataDirectory, string[] arguments, ChildServer server)
    {
        Name = name;
        DataDirectory = dataDirectory;
        _arguments = arguments;
        _server = server;
        _http = Client(server, dataDirectory);
    }

    public string Name { get; }

    public string DataDirectory { get; }

    public int ProcessId => _server.ProcessId;

    public static string SeedOf(int port) => $"akka.tcp://packetcapture@127.0.0.1:{port}";

    public static async Task<ClusterNode> StartAsync(string root, string name, string postgres, int remotePort, IEnumerable<string> seeds, IEnumerable<string> extra)
    {
        var data = Path.Combine(root, name);
        string[] arguments =
        [
            "serve", "--data-dir", data, "--listen", "127.0.0.1:0", "--node", name,
            "--journal", "postgres", "--postgres", postgres,
            "--remote-host", "127.0.0.1", "--remote-port", remotePort.ToString(CultureInfo.InvariantCulture),
            .. seeds.SelectMany(s => new[] { "--seed", s }),
            .. extra,
        ];
        var server = await ChildServer.StartAsync(ApiBenchmarks.ServeBinary(), arguments, root, StartTimeout).ConfigureAwait(false);
        return new ClusterNode(name, data, arguments, server);
    }

    /// <summary>SIGKILL: no leave, no shutdown; the others must notice through the failure detector.</summary>
    public async Task KillAsync()
    {
        using (var kill = Process.Start("kill", ["-KILL", ProcessId.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().ConfigureAwait(false);
        }

        await _server.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The same member again (same address, data and node name) after <see cref="KillAsync"/>.</summary>
    public async Task RestartAsync()
    {
        _http.Dispose();
        _server = await ChildServer.StartAsync(ApiBenchmarks.ServeBinary(), _arguments, Path.GetDirectoryName(DataDirectory), StartTimeout).ConfigureAwait(false);
        _http = Client(_server, DataDirectory);
    }

    /// <summary>POST a capture selecting <paramref name="selector"/>; the status code.</summary>
    public async Task<int> CreateAsync(string name, string selector, CancellationToken cancel = default)
    {
        var body = JsonSerializer.Serialize(new
        {
            apiVersion = "projectcalico.org/v3",
            kind = "PacketCapture",
            metadata = new { name, @namespace = Namespace },
            spec = new { selector },
        });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync($"/apis/projectcalico.org/v3/namespaces/{Namespace}/packetcaptures", content, cancel).ConfigureAwait(false);
        return (int)response.StatusCode;
    }

    public async Task<int> GetStatusCodeAsync(string name, CancellationToken cancel = default)
    {
        using var response = await _http.GetAsync($"/apis/projectcalico.org/v3/namespaces/{Namespace}/packetcaptures/{name}", cancel).ConfigureAwait(false);
        return (int)response.StatusCode;
    }

    /// <summary>Capture entities running on this member (<c>/metrics</c>), or null when it does not say.</summary>
    public async Task<int?> HostedEntitiesAsync()
    {
        var text = await _http.GetStringAsync("/metrics").ConfigureAwait(false);
        var match = HostedGauge().Match(text);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync().ConfigureAwait(false);
    }

    private static HttpClient Client(ChildServer server, string data)
    {
        var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(data, "admin-token")).Trim());
        return http;
    }

    [GeneratedRegex(@"^packetcapture_member_capture_entities (\d+)$", RegexOptions.Multiline)]
    private static partial Regex HostedGauge();
}
