using Akka.Actor;
using Akka.DistributedData;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Configuration;
using PacketCapture.Actors.Files;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Actors;

/// <summary>
/// What a PacketCapture member runs on an ActorSystem already in a cluster: the capture shard
/// region (entities may live here) and this node's agent (captures its local endpoints).
/// The host (and the tests) call <see cref="Start"/> once per system. It also starts this node's
/// file server (<see cref="CaptureFileActor"/>, <c>/user/capture-files</c>) for downloads from other members.
/// </summary>
/// <param name="Captures">The shard region; send every <see cref="ICaptureCommand"/> here.</param>
/// <param name="NodeAgent">This member's node agent.</param>
public sealed record CaptureMember(IActorRef Captures, IActorRef NodeAgent)
{
    /// <summary>The node agent's actor name (one per member).</summary>
    public const string NodeAgentName = "node-agent";

    /// <summary>Starts the region and the node agent.</summary>
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
        var agent = system.ActorOf(
            Nodes.NodeAgent.Props(settings.Node, endpoints, sessions, region, DistributedData.Get(system).Replicator),
            NodeAgentName);
        system.ActorOf(CaptureFileActor.Props(settings.Node), CaptureFileActor.Name);
        return new CaptureMember(region, agent);
    }
}
