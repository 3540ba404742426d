using System.Net;
using PacketCapture.Host.Kubernetes;
using PacketCapture.Host.Server;
using PacketCapture.Server.Tests.Server;
using PacketCapture.TestSupport.Kubernetes;

namespace PacketCapture.Server.Tests.KubernetesNode;

/// <summary><c>serve --kube-api</c> start-up rules of the node side.</summary>
public sealed class KubernetesServeTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private FakeApiServer _api = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_temp.Path);
        _api = await FakeApiServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _temp.Dispose();
    }

    private ServerOptions Options(string? config = null) => new()
    {
        DataDirectory = _temp.File("data"),
        Listen = "127.0.0.1:0",
        NodeName = "node-s1",
        ConfigFile = config,
        Kubernetes = new KubernetesOptions { ApiUrl = _api.BaseAddress.ToString() },
    };

    [Fact]
    public async Task Outside_a_pod_without_a_seed_namespace_the_member_joins_itself_and_watches_its_pods()
    {
        await using var server = await PacketCaptureServer.StartAsync(Options());
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var ready = await http.GetAsync("/readyz");
        Poll.Until(() => _api.Count("watch", "/api/v1/pods") >= 1, "the pod watch", 30_000);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.DoesNotContain(_api.Requests, r => r.Path.StartsWith("/api/v1/namespaces/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_interface_prefix_stops_the_start_in_one_line_naming_the_key()
    {
        var config = _temp.File("bad.conf");
        await File.WriteAllTextAsync(config, "packetcapture.kubernetes-node.interface-prefix = \"calico\"\n");

        var error = await Assert.ThrowsAsync<ServerStartException>(() => PacketCaptureServer.StartAsync(Options(config)));

        Assert.StartsWith("configuration: packetcapture.kubernetes-node.interface-prefix: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(_api.Requests);
        Assert.False(Directory.Exists(_temp.File("data")), "nothing was created");
    }
}
