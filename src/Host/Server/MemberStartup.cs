using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Logging;
using PacketCapture.Actors;
using PacketCapture.Actors.Configuration;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Host.Server;

/// <summary>
/// Brings the member up: joins the seed nodes (or, with none, its own cluster, unless a <c>join</c>
/// action is given: Kubernetes seed discovery), and once the member is Up starts the capture
/// region and node agent. <see cref="Up"/> completes then (or fails with why it could not).
/// </summary>
/// <param name="settings">The member's settings.</param>
/// <param name="endpoints">This node's endpoints, made when the member is Up.</param>
/// <param name="logger">Where a failed start is logged.</param>
/// <param name="started">Optional more to start once the capture member runs (the Kubernetes watcher and status writer).</param>
/// <param name="join">Optional: how to join instead of joining itself (Kubernetes seed discovery).</param>
internal sealed class MemberStartup(
    PacketCaptureSettings settings,
    Func<IEndpointSource> endpoints,
    ILogger logger,
    Action<ActorSystem, CaptureMember>? started = null,
    Action<ActorSystem>? join = null)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    // After a command timed out, how long to wait for the journal to say whether it is the cause.
    private static readonly TimeSpan JournalProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly TaskCompletionSource<(CaptureMember Member, ICaptureService Captures)> _up =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The started member and the captures service over it.</summary>
    public Task<(CaptureMember Member, ICaptureService Captures)> Up => _up.Task;

    /// <summary>The captures; only asked for once <see cref="Up"/> has completed (the API starts after it).</summary>
    public ICaptureService Captures =>
        _up.Task.IsCompletedSuccessfully ? _up.Task.Result.Captures : throw new InvalidOperationException("the member is not up yet");

    /// <summary>Joins the cluster (the seeds, or itself); the rest happens when the member is Up.</summary>
    public void Start(ActorSystem system)
    {
        var cluster = Cluster.Get(system);
        cluster.RegisterOnMemberUp(() =>
            // Off the cluster's thread: starting sharding asks the guardian and waits.
            _ = Task.Run(() => StartMember(system)));
        if (join is not null)
        {
            join(system);
            return;
        }

        // With seed nodes configured the cluster joins them by itself (the first may be this member).
        if (cluster.Settings.SeedNodes.Count == 0)
        {
            cluster.Join(cluster.SelfAddress);
        }
    }

    /// <summary>Fails <see cref="Up"/> (the actor system could not start).</summary>
    public void Fail(Exception error) => _up.TrySetException(error);

    private void StartMember(ActorSystem system)
    {
        try
        {
            var member = CaptureMember.Start(system, settings, endpoints(), LibpcapSessionFactory.Instance);
            started?.Invoke(system, member);
            var journal = new JournalProbe(system);
            var captures = new ActorCaptureService(member.Captures, member.Directory, CommandTimeout,
                async cancel => await journal.ProbeAsync(JournalProbeTimeout, cancel).ConfigureAwait(false) is { Ok: false } probe ? probe.Problem : null);
            _up.TrySetResult((member, captures));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "capture member did not start");
            _up.TrySetException(e);
        }
    }
}
