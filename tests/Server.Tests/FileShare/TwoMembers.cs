using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PacketCapture.Actors.Nodes;
using PacketCapture.Host.Server;

namespace PacketCapture.Server.Tests.FileShare;

/// <summary>One member of <see cref="TwoMembers"/>: a real in-process server with its own data and
/// capture directory, its own endpoints, and an admin client for its API.</summary>
internal sealed class ClusterMember(string node, RunningServer server, ChannelEndpointSource endpoints, string dataDirectory)
{
    public string Node { get; } = node;

    public RunningServer Server { get; } = server;

    public ChannelEndpointSource Endpoints { get; } = endpoints;

    public string CaptureDirectory { get; } = Path.Combine(dataDirectory, "pcap");

    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Server.AdminToken);
        return client;
    }
}

/// <summary>
/// Two real members in one cluster, in this process: member A (seed, node-a) and member B (node-b)
/// joining it over loopback remoting. They share A's SQLite journal file, as members share one
/// database: B's journal path is a symbolic link to A's (SQLite resolves the link, so both use one
/// write-ahead log). Each has its own capture directory and endpoints. Stopped B first, then A.
/// </summary>
internal sealed class TwoMembers : IAsyncDisposable
{
    public const string Ns = "shop";

    private TwoMembers(ClusterMember a, ClusterMember b)
    {
        A = a;
        B = b;
    }

    public ClusterMember A { get; }

    public ClusterMember B { get; }

    public static async Task<TwoMembers> StartAsync(string root)
    {
        var port = FreePort();
        var a = await StartMemberAsync(root, "node-a", $"akka.remote.dot-netty.tcp.port = {port}");
        try
        {
            var dataB = Path.Combine(root, "node-b");
            Directory.CreateDirectory(dataB, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.CreateSymbolicLink(Path.Combine(dataB, "packetcapture.db"), Path.Combine(root, "node-a", "packetcapture.db"));
            var b = await StartMemberAsync(root, "node-b", $"akka.cluster.seed-nodes = [\"akka.tcp://packetcapture@127.0.0.1:{port}\"]");
            return new TwoMembers(a, b);
        }
        catch
        {
            await a.Server.StopAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // One at a time, the seed last: leaving together makes shutdown wait for the other.
        await B.Server.StopAsync();
        await A.Server.StopAsync();
    }

    public static WorkloadEndpoint Endpoint(string pod, string hostInterface, string app) =>
        new(Ns, pod, pod, hostInterface, ImmutableSortedDictionary<string, string>.Empty.Add("app", app));

    public static async Task CreateAsync(HttpClient client, string name, string selector, DateTimeOffset? endTime)
    {
        var end = endTime is { } at ? string.Create(CultureInfo.InvariantCulture, $"  endTime: '{at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}'\n") : "";
        var doc = $"apiVersion: projectcalico.org/v3\nkind: PacketCapture\nmetadata:\n  name: {name}\nspec:\n  selector: \"{selector}\"\n{end}";
        using var created = await client.PostAsync(
            $"/apis/projectcalico.org/v3/namespaces/{Ns}/packetcaptures", new StringContent(doc, Encoding.UTF8, "application/yaml"));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
    }

    /// <summary>Each node's <c>status.files</c> entry: its state and file names.</summary>
    public static Dictionary<string, (string? State, List<string> Files)> NodeFiles(HttpClient client, string name)
    {
        using var response = client.GetAsync($"/apis/projectcalico.org/v3/namespaces/{Ns}/packetcaptures/{name}").GetAwaiter().GetResult();
        var nodes = new Dictionary<string, (string?, List<string>)>(StringComparer.Ordinal);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return nodes;
        }

        var resource = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement;
        if (resource.TryGetProperty("status", out var status) && status.TryGetProperty("files", out var files))
        {
            foreach (var entry in files.EnumerateArray())
            {
                var state = entry.TryGetProperty("state", out var s) ? s.GetString() : null;
                var names = entry.TryGetProperty("fileNames", out var n) ? n.EnumerateArray().Select(f => f.GetString()!).ToList() : [];
                nodes[entry.GetProperty("node").GetString()!] = (state, names);
            }
        }

        return nodes;
    }

    public static string? StateOf(HttpClient client, string name, string node) =>
        NodeFiles(client, name).TryGetValue(node, out var entry) ? entry.State : null;

    private static async Task<ClusterMember> StartMemberAsync(string root, string node, string hocon)
    {
        var data = Path.Combine(root, node);
        Directory.CreateDirectory(root);
        var config = Path.Combine(root, node + ".conf");
        await File.WriteAllTextAsync(config, $"""
            {hocon}
            akka.loglevel = WARNING
            packetcapture.node.status-report-interval = 100ms
            packetcapture.node.counters-interval = 1s
            """);
        var endpoints = new ChannelEndpointSource();
        var server = await PacketCaptureServer.StartAsync(
            new ServerOptions { DataDirectory = data, Listen = "127.0.0.1:0", NodeName = node, ConfigFile = config, LogFormat = "plain" },
            endpoints);
        return new ClusterMember(node, server, endpoints, data);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
