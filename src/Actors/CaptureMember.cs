using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.DistributedData;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Configuration;
using PacketCapture.Actors.Files;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Actors;

/// <summary>
/// What a PacketCapture member runs on an ActorSystem already in a cluster: the capture shard
/// region (entities may live here), this node's agent (captures its local endpoints) and the
/// capture directory (answers <see cref="ListCaptures"/>). The system must have the cluster role
/// <see cref="CaptureRegion.MemberRole"/>. The host (and the tests) call <see cref="Start"/> once per system.
/// It also starts this node's file server (<see cref="CaptureFileActor"/>, <c>/user/capture-files</c>) for downloads from other members.
/// </summary>
/// <param name="Captures">The shard region; send every <see cref="ICaptureCommand"/> here.</param>
/// <param name="NodeAgent">This member's node agent.</param>
/// <param name="Directory">This member's <see cref="CaptureDirectory"/>.</param>
public sealed record CaptureMember(IActorRef Captures, IActorRef NodeAgent, IActorRef Directory)
{
    /// <summary>The node agent's actor name (one per member).</summary>
    public const string NodeAgentName = "node-agent";

    /// <summary>The node departure watcher's actor name (one per member).</summary>
    public const string NodeDepartureWatcherName = "node-departure-watcher";

    /// <summary>Starts the region, the node agent, the directory and the node departure watcher.</summary>
    /// <param name="system">A system whose provider is the cluster (joined, or joining).</param>
    /// <param name="settings">Parsed <c>packetcapture</c> settings.</param>
    /// <param name="endpoints">This node's workload endpoints.</param>
    /// <param name="sessions">Capture sessions: libpcap in production.</param>
    public static CaptureMember Start(
        ActorSystem system, PacketCaptureSettings settings, IEndpointSource endpoints, ICaptureSessionFactory sessions)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(settings);
        var region = CaptureRegion.Start(system, settings.Entity);
        var replicator = DistributedData.Get(system).Replicator;
        var agent = system.ActorOf(
            Nodes.NodeAgent.Props(settings.Node, endpoints, sessions, region, replicator),
            NodeAgentName);
        var directory = system.ActorOf(CaptureDirectory.Props(replicator, DistributedPubSub.Get(system).Mediator), CaptureDirectory.Name);
        system.ActorOf(CaptureFileActor.Props(settings.Node), CaptureFileActor.Name);

        // Marks a node's entries when its member leaves or is downed (members carry NodeRoles).
        system.ActorOf(NodeDepartureWatcher.Props(region, replicator), NodeDepartureWatcherName);
        return new CaptureMember(region, agent, directory);
    }
}
