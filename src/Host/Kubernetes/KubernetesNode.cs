using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PacketCapture.Actors.Nodes;
using PacketCapture.Host.Api;
using PacketCapture.Host.Endpoints;
using PacketCapture.Host.Server;

namespace PacketCapture.Host.Kubernetes;

/// <summary>
/// What <c>serve</c> does differently on a Kubernetes node: endpoints are the pods of this node (merged with
/// <c>--endpoints</c> when given), the member finds the others through the API server, and the HTTP API
/// asks the API server who a token is and what it may do.
/// </summary>
internal sealed class KubernetesNode
{
    private readonly IKubernetes _client;
    private readonly KubernetesNodeSettings _settings;
    private readonly string? _seedNamespace;

    private KubernetesNode(IKubernetes client, KubernetesNodeSettings settings, string? seedNamespace)
    {
        _client = client;
        _settings = settings;
        _seedNamespace = seedNamespace;
    }

    /// <summary>Checks the options and settings; nothing is contacted yet.</summary>
    /// <exception cref="ServerStartException">A flag, file or setting is wrong.</exception>
    public static KubernetesNode Create(KubernetesOptions options, Config config)
    {
        var settings = KubernetesNodeSettings.FromConfig(config);
        // In a pod the own namespace is always known; with --kube-api (development, tests) discovery needs it
        // given (seed-namespace or POD_NAMESPACE), else the member joins itself or the configured seeds.
        var seedNamespace = settings.SeedLabelSelector.Length == 0 || (!options.InCluster && !settings.NamespaceKnown)
            ? null
            : settings.EffectiveSeedNamespace();
        return new KubernetesNode(KubernetesClientFactory.Create(options), settings, seedNamespace);
    }

    /// <summary>The pods of <paramref name="nodeName"/>, merged with the endpoints file when given.</summary>
    public IEndpointSource Endpoints(string nodeName, string? endpointsFile, ILoggerFactory loggerFactory) =>
        LocalEndpoints.Merge(
            endpointsFile,
            new PodEndpointSource(_client, nodeName, loggerFactory.CreateLogger<PodEndpointSource>(), _settings.InterfacePrefix),
            loggerFactory);

    /// <summary>How the member joins: seed discovery, unless it is off or seed nodes are configured (Akka joins those itself).</summary>
    public Action<ActorSystem>? Join(ILoggerFactory loggerFactory)
    {
        if (_seedNamespace is null)
        {
            return null;
        }

        var discovery = new KubernetesSeedDiscovery(_client, _seedNamespace, _settings.SeedLabelSelector, loggerFactory.CreateLogger<KubernetesSeedDiscovery>());
        return system =>
        {
            var cluster = Cluster.Get(system);
            if (cluster.Settings.SeedNodes.Count > 0)
            {
                return;
            }

            _ = discovery.JoinAsync(system, _settings.SeedRetryInterval, CancellationToken.None);
        };
    }

    /// <summary>Registers TokenReview/SubjectAccessReview access for the API (before <c>AddPacketCaptureApi</c>, which keeps it).</summary>
    public void AddApiAccess(IServiceCollection services) =>
        services.AddSingleton<IApiAccess>(sp => new KubernetesApiAccess(
            _client, sp.GetRequiredService<ApiTokens>(), _settings, sp.GetRequiredService<ILoggerFactory>().CreateLogger<KubernetesApiAccess>()));
}
