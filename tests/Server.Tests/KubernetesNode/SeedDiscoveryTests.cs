using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using PacketCapture.Host.Kubernetes;
using PacketCapture.TestSupport.Kubernetes;

namespace PacketCapture.Server.Tests.KubernetesNode;

/// <summary>Seed discovery from fake DaemonSet pods through the real KubernetesClient.</summary>
public sealed class SeedDiscoveryTests : IAsyncLifetime
{
    private const string Namespace = "pc-system";
    private const string Selector = "app.kubernetes.io/name=packetcapture";

    private static readonly Dictionary<string, string> Member = new() { ["app.kubernetes.io/name"] = "packetcapture" };

    private FakeApiServer _server = null!;
    private k8s.Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeApiServer.StartAsync();
        _client = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = _server.BaseAddress.ToString().TrimEnd('/') });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private static string A(string ip) => $"akka.tcp://packetcapture@{ip}:4053";

    [Fact]
    public async Task Cold_start_plan_comes_from_the_running_member_pods_of_the_namespace_and_selector()
    {
        FakePods.Create(_server, FakePods.Pod(Namespace, "pc-a", "n1", Member, podIp: "10.0.0.12"));
        FakePods.Create(_server, FakePods.Pod(Namespace, "pc-b", "n2", Member, podIp: "10.0.0.3"));
        FakePods.Create(_server, FakePods.Pod(Namespace, "pc-c", "n3", Member, podIp: "10.0.0.7"));
        FakePods.Create(_server, FakePods.Pod(Namespace, "pc-d", "n4", Member, phase: "Pending"));
        FakePods.Create(_server, FakePods.Pod("other", "pc-e", "n5", Member, podIp: "10.0.0.1"));
        FakePods.Create(_server, FakePods.Pod(Namespace, "web", "n1", new Dictionary<string, string> { ["app"] = "web" }, podIp: "10.0.0.2"));
        var discovery = new KubernetesSeedDiscovery(_client, Namespace, Selector, NullLogger.Instance);

        var lowest = await discovery.PlanAsync(A("10.0.0.3"), "packetcapture", 4053, CancellationToken.None);
        var other = await discovery.PlanAsync(A("10.0.0.12"), "packetcapture", 4053, CancellationToken.None);

        Assert.True(lowest.SelfFirst);
        Assert.Equal([A("10.0.0.3"), A("10.0.0.7"), A("10.0.0.12")], lowest.Seeds);
        Assert.False(other.SelfFirst);
        Assert.Equal([A("10.0.0.3"), A("10.0.0.7")], other.Seeds);
        Assert.Contains(_server.Requests, r => r.Path == $"/api/v1/namespaces/{Namespace}/pods" && r.Query.Contains("labelSelector=app.kubernetes.io%2Fname%3Dpacketcapture", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_ready_member_the_plan_joins_it_and_never_self()
    {
        FakePods.Create(_server, FakePods.Pod(Namespace, "pc-a", "n1", Member, podIp: "10.0.0.20", ready: true));
        FakePods.Create(_server, FakePods.Pod(Namespace, "pc-b", "n2", Member, podIp: "10.0.0.3"));
        var discovery = new KubernetesSeedDiscovery(_client, Namespace, Selector, NullLogger.Instance);

        var plan = await discovery.PlanAsync(A("10.0.0.3"), "packetcapture", 4053, CancellationToken.None);

        Assert.False(plan.SelfFirst);
        Assert.Equal([A("10.0.0.20")], plan.Seeds);
    }

    [Fact]
    public async Task A_lone_member_joins_itself_through_discovery_and_comes_up()
    {
        var config = ConfigurationFactory.ParseString("""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
            akka.loglevel = WARNING
            """);
        using var system = ActorSystem.Create("packetcapture", config);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        var discovery = new KubernetesSeedDiscovery(_client, Namespace, Selector, NullLogger.Instance);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var joining = discovery.JoinAsync(system, TimeSpan.FromSeconds(20), stop.Token);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await joining.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(MemberStatus.Up, Akka.Cluster.Cluster.Get(system).SelfMember.Status);
        Assert.Equal(1, _server.Count("list", $"/api/v1/namespaces/{Namespace}/pods"));
        await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
    }
}
