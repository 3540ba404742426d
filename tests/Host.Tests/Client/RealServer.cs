using System.Collections.Immutable;
using PacketCapture.Actors.Model;
using PacketCapture.Actors.Nodes;
using PacketCapture.Host.Server;

namespace PacketCapture.Host.Tests.Client;

/// <summary>
/// The real server in this process (one-member cluster on SQLite under a temporary data
/// directory, the API on 127.0.0.1 port 0) with endpoints set by the test: what the client
/// binary talks to in these tests.
/// </summary>
internal sealed class RealServer : IAsyncDisposable
{
    private readonly RunningServer _server;

    private RealServer(RunningServer server, string dataDirectory, ChannelEndpointSource endpoints)
    {
        _server = server;
        DataDirectory = dataDirectory;
        Endpoints = endpoints;
    }

    public string DataDirectory { get; }

    public ChannelEndpointSource Endpoints { get; }

    public string Url => _server.BaseAddress.ToString().TrimEnd('/');

    public string Token => _server.AdminToken;

    public static async Task<RealServer> StartAsync(string dataDirectory, string? certificateFile = null, string? keyFile = null)
    {
        var endpoints = new ChannelEndpointSource();
        var server = await PacketCaptureServer.StartAsync(
            new ServerOptions
            {
                DataDirectory = dataDirectory,
                Listen = "127.0.0.1:0",
                NodeName = "node-1",
                TlsCertificateFile = certificateFile,
                TlsKeyFile = keyFile,
            },
            endpoints);
        return new RealServer(server, dataDirectory, endpoints);
    }

    /// <summary>A pod of <paramref name="ns"/> on the loopback interface, labelled <c>app=<paramref name="app"/></c>:
    /// a capture selecting it runs a real libpcap session on <c>lo</c>.</summary>
    public void AddLoopbackPod(string ns, string pod, string app) =>
        Endpoints.Upsert(new WorkloadEndpoint(ns, pod, pod, "lo", ImmutableSortedDictionary<string, string>.Empty.Add("app", app)));

    /// <summary>The stored capture with its status, or null when there is none.</summary>
    public async Task<PacketCaptureResource?> FindAsync(string ns, string name)
    {
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        using var response = await http.GetAsync($"/apis/projectcalico.org/v3/namespaces/{ns}/packetcaptures/{name}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return ResourceReader.ReadSingle(await response.Content.ReadAsStringAsync()).Resource;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
