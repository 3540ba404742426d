using Akka.Actor;
using Akka.Cluster;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace PacketCapture.Host.Kubernetes;

/// <summary>
/// Finds the other members through the API server: lists the member pods (namespace and label
/// selector from <see cref="KubernetesNodeSettings"/>), decides with <see cref="SeedPlan"/>, and joins.
/// Until the member is Up it lists and joins again every retry interval, so a lowest-addressed pod that
/// vanished before the cluster formed does not leave the others waiting for it forever.
/// Every member must use the same remoting port (the DaemonSet's): seeds are built with this member's.
/// </summary>
public sealed class KubernetesSeedDiscovery(IKubernetes client, string @namespace, string labelSelector, ILogger logger)
{
    /// <summary>The member pods now, as seed candidates, and the plan for <paramref name="self"/>.</summary>
    public async Task<SeedPlan> PlanAsync(string self, string systemName, int port, CancellationToken cancellationToken)
    {
        var pods = await client.CoreV1.ListNamespacedPodAsync(@namespace, labelSelector: labelSelector, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return SeedPlan.Decide(self, pods.Items.Select(ToSeedPod), systemName, port);
    }

    /// <summary>A pod as a seed candidate.</summary>
    public static SeedPod ToSeedPod(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return new SeedPod(
            pod.Status?.PodIP,
            pod.Status?.Phase == "Running",
            pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true,
            pod.Metadata?.DeletionTimestamp is not null);
    }

    /// <summary>Joins <paramref name="system"/>'s cluster through discovery, again every <paramref name="retryInterval"/>
    /// until the member is Up (or <paramref name="cancellationToken"/> / the system stops).</summary>
    public async Task JoinAsync(ActorSystem system, TimeSpan retryInterval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(system);
        var cluster = Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        var self = cluster.SelfAddress;
        var failures = 0;
        while (!up.Task.IsCompleted && !cancellationToken.IsCancellationRequested && !system.WhenTerminated.IsCompleted)
        {
            TimeSpan wait;
            try
            {
                var plan = await PlanAsync(self.ToString(), system.Name, self.Port ?? 0, cancellationToken).ConfigureAwait(false);
                KubernetesNodeLog.Joining(logger, string.Join(", ", plan.Seeds));
                cluster.JoinSeedNodes(plan.Seeds.Select(Address.Parse));
                failures = 0;
                wait = retryInterval;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
            {
                failures++;
                wait = NodeWatchBackoff.Default.Delay(failures, Random.Shared.NextDouble());
                KubernetesNodeLog.DiscoveryFailed(logger, e.Message.Split('\n', 2)[0].Trim(), wait);
            }

            await Task.WhenAny(up.Task, system.WhenTerminated, Task.Delay(wait, cancellationToken)).ConfigureAwait(false);
        }
    }
}
