using Microsoft.Extensions.Logging.Abstractions;
using PacketCapture.Actors.Nodes;
using PacketCapture.Host.Kubernetes;
using PacketCapture.Server.Tests.Endpoints;
using PacketCapture.TestSupport.Kubernetes;

namespace PacketCapture.Server.Tests.KubernetesNode;

/// <summary>The pod endpoint source against the fake API server, through the real KubernetesClient.</summary>
public sealed class PodEndpointSourceTests : IAsyncLifetime
{
    private const string Node = "node-a";
    private const int Deadline = 30_000;

    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web" };

    private FakeApiServer _server = null!;
    private k8s.Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeApiServer.StartAsync(historyLimit: 100);
        _client = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = _server.BaseAddress.ToString().TrimEnd('/') });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private PodEndpointSource Source() =>
        new(_client, Node, NullLogger.Instance, backoff: new NodeWatchBackoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500)));

    [Fact]
    public async Task Running_pods_of_this_node_are_endpoints_on_their_calico_interface_with_calico_labels()
    {
        FakePods.Create(_server, FakePods.Pod("shop", "web-1", Node, Web, serviceAccount: "shop-sa"));
        FakePods.Create(_server, FakePods.Pod("shop", "web-2", "node-b", Web));
        FakePods.Create(_server, FakePods.Pod("shop", "web-3", Node, Web, phase: "Pending"));
        FakePods.Create(_server, FakePods.Pod("kube-system", "proxy", Node, Web, hostNetwork: true));
        FakePods.Create(_server, FakePods.Pod("lab", "odd", Node, Web, interfaceAnnotation: "veth-odd"));
        FakePods.Create(_server, FakePods.Pod("lab", "bad", Node, Web, interfaceAnnotation: "../../etc"));
        await using var changes = new ChangeStream(Source());

        var first = await changes.NextUpsertAsync(Deadline);
        var second = await changes.NextUpsertAsync(Deadline);

        Assert.Equal("lab/odd/eth0", first.Id);
        Assert.Equal("veth-odd", first.InterfaceName);
        Assert.Equal("shop/web-1/eth0", second.Id);
        Assert.Equal(CalicoInterfaceName.For("shop", "web-1"), second.InterfaceName);
        Assert.Equal(
            [KeyValuePair.Create("app", "web"), KeyValuePair.Create("projectcalico.org/orchestrator", "k8s"), KeyValuePair.Create("projectcalico.org/serviceaccount", "shop-sa")],
            second.Labels);
        Assert.Equal("shop", second.SelectorLabels["projectcalico.org/namespace"]);
        Assert.Contains(_server.Requests, r => r.Verb == "list" && r.Path == "/api/v1/pods" && r.Query.Contains("fieldSelector=spec.nodeName%3Dnode-a", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Relabel_start_running_and_delete_are_followed()
    {
        FakePods.Create(_server, FakePods.Pod("shop", "web-1", Node, Web));
        FakePods.Create(_server, FakePods.Pod("shop", "web-3", Node, Web, phase: "Pending"));
        await using var changes = new ChangeStream(Source());
        Assert.Equal("shop/web-1/eth0", (await changes.NextUpsertAsync(Deadline)).Id);
        Poll.Until(() => _server.Store.OpenWatches == 1, "the pod watch to open", Deadline);

        FakePods.Relabel(_server, "shop", "web-1", new Dictionary<string, string> { ["app"] = "api" });
        var relabelled = await changes.NextUpsertAsync(Deadline);
        FakePods.SetPhase(_server, "shop", "web-3", "Running");
        var started = await changes.NextUpsertAsync(Deadline);
        FakePods.Delete(_server, "shop", "web-1");
        var removed = await changes.NextRemoveAsync(Deadline);
        FakePods.SetPhase(_server, "shop", "web-3", "Succeeded");
        var finished = await changes.NextRemoveAsync(Deadline);

        Assert.Equal("api", relabelled.Labels["app"]);
        Assert.Equal("shop/web-3/eth0", started.Id);
        Assert.Equal("shop/web-1/eth0", removed);
        Assert.Equal("shop/web-3/eth0", finished);
        Assert.Empty(changes.View);
    }

    [Fact]
    public async Task A_dropped_watch_resumes_from_its_resource_version_without_missing_or_repeating_a_change()
    {
        FakePods.Create(_server, FakePods.Pod("shop", "web-1", Node, Web));
        await using var changes = new ChangeStream(Source());
        await changes.NextUpsertAsync(Deadline);
        Poll.Until(() => _server.Store.OpenWatches == 1, "the pod watch to open", Deadline);

        _server.DropWatches();
        FakePods.Create(_server, FakePods.Pod("shop", "web-2", Node, Web));
        FakePods.Delete(_server, "shop", "web-1");
        var added = await changes.NextUpsertAsync(Deadline);
        var removed = await changes.NextRemoveAsync(Deadline);
        Poll.Until(() => _server.Store.OpenWatches == 1, "the pod watch to reopen", Deadline);
        FakePods.Create(_server, FakePods.Pod("shop", "web-4", Node, Web));
        var afterResume = await changes.NextUpsertAsync(Deadline);

        Assert.Equal("shop/web-2/eth0", added.Id);
        Assert.Equal("shop/web-1/eth0", removed);
        Assert.Equal("shop/web-4/eth0", afterResume.Id);
        Assert.Equal(1, _server.Count("list", "/api/v1/pods"));
        Assert.True(_server.Count("watch", "/api/v1/pods") >= 2, "the watch was opened again");
    }

    [Fact]
    public async Task A_410_after_the_history_expired_lists_again_and_ends_with_the_right_endpoints()
    {
        FakePods.Create(_server, FakePods.Pod("shop", "web-1", Node, Web));
        FakePods.Create(_server, FakePods.Pod("shop", "web-2", Node, Web));
        await using var changes = new ChangeStream(Source());
        await changes.UntilAsync(v => v.Count == 2, "both pods", Deadline);
        Poll.Until(() => _server.Store.OpenWatches == 1, "the pod watch to open", Deadline);

        // A change the watch does not see (another node) moves the resourceVersion past the one it holds.
        FakePods.Create(_server, FakePods.Pod("shop", "elsewhere", "node-b", Web));
        _server.ExpireHistory();
        _server.DropWatches();
        FakePods.Delete(_server, "shop", "web-1");
        FakePods.Create(_server, FakePods.Pod("shop", "web-5", Node, Web));
        await changes.UntilAsync(v => v.Count == 2 && v.ContainsKey("shop/web-5/eth0") && !v.ContainsKey("shop/web-1/eth0"), "web-1 gone and web-5 added", Deadline);

        Assert.Equal(["shop/web-2/eth0", "shop/web-5/eth0"], changes.View.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, _server.Count("list", "/api/v1/pods"));
    }

    [Fact]
    public async Task A_failing_api_server_keeps_the_known_endpoints_and_the_watch_recovers()
    {
        FakePods.Create(_server, FakePods.Pod("shop", "web-1", Node, Web));
        _server.FailNext("list", 500, times: 2, pathContains: "/api/v1/pods");
        await using var changes = new ChangeStream(Source());
        Assert.Equal("shop/web-1/eth0", (await changes.NextUpsertAsync(Deadline)).Id);
        Poll.Until(() => _server.Store.OpenWatches == 1, "the pod watch to open", Deadline);

        _server.FailNext("watch", 500, times: 3, pathContains: "/api/v1/pods");
        _server.DropWatches();
        FakePods.Create(_server, FakePods.Pod("shop", "web-2", Node, Web));
        var added = await changes.NextUpsertAsync(Deadline);

        Assert.Equal("shop/web-2/eth0", added.Id);
        Assert.Equal(2, changes.View.Count);
        Assert.Equal(3, _server.Count("list", "/api/v1/pods"));
    }
}
