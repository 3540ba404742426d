using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.Singleton;
using Akka.DistributedData;
using k8s;
using Microsoft.Extensions.Logging;

namespace PacketCapture.Host.Kubernetes;

/// <summary>Starts the Kubernetes side of a member: the CRD watcher and the status writer, each a cluster singleton.</summary>
public static class KubernetesIntegration
{
    /// <summary>The watcher singleton's manager name (under <c>/user</c>).</summary>
    public const string WatcherName = "kubernetes-watcher";

    /// <summary>The status writer singleton's manager name (under <c>/user</c>).</summary>
    public const string StatusWriterName = "kubernetes-status-writer";

    /// <summary>Starts both singleton managers on this member.</summary>
    /// <param name="system">The member's actor system (in the cluster).</param>
    /// <param name="region">The capture shard region.</param>
    /// <param name="client">The API server client.</param>
    /// <param name="settings">The <c>packetcapture.kubernetes</c> settings.</param>
    /// <param name="logger">Where a start-up warning goes.</param>
    public static void Start(ActorSystem system, IActorRef region, IKubernetes client, KubernetesSettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        var role = settings.SingletonRole.Length == 0 ? null : settings.SingletonRole;
        if (role is not null && !Cluster.Get(system).SelfRoles.Contains(role))
        {
            logger.LogWarning(
                "kubernetes: this member has no role {Role}, so it never runs the PacketCapture watcher or status writer (packetcapture.kubernetes.singleton-role)",
                role);
        }

        var replicator = DistributedData.Get(system).Replicator;
        Singleton(system, WatcherName, CaptureResourceWatcher.Props(client, region, replicator, settings), role);
        Singleton(system, StatusWriterName, CaptureStatusWriter.Props(client, settings), role);
    }

    private static void Singleton(ActorSystem system, string name, Props props, string? role)
    {
        var managerSettings = ClusterSingletonManagerSettings.Create(system).WithSingletonName("singleton");
        system.ActorOf(
            ClusterSingletonManager.Props(props, PoisonPill.Instance, role is null ? managerSettings : managerSettings.WithRole(role)),
            name);
    }
}
