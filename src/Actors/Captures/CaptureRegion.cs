using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.DistributedData;
using PacketCapture.Actors.Configuration;

namespace PacketCapture.Actors.Captures;

/// <summary>The shard region of capture entities: every <see cref="ICaptureMessage"/> goes through it.</summary>
public static class CaptureRegion
{
    /// <summary>The sharding type name; the same on every member and on clients' proxies.</summary>
    public const string TypeName = "packetcapture";

    /// <summary>
    /// The cluster role of members that run <c>serve</c>: only they host capture entities (and run
    /// the shard coordinator, the desired-state replicator and a node agent).
    /// </summary>
    public const string MemberRole = "capture";

    /// <summary>The cluster role of other applications that drive captures through the actor API;
    /// they reach the entities through <see cref="StartProxy"/> and never host one.</summary>
    public const string ClientRole = "client";

    /// <summary>Starts the region on this member (entities may live here: it must have <see cref="MemberRole"/>).</summary>
    public static IActorRef Start(ActorSystem system, EntitySettings settings)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(settings);
        var replicator = DistributedData.Get(system).Replicator;
        var mediator = DistributedPubSub.Get(system).Mediator;
        return ClusterSharding.Get(system).Start(
            TypeName,
            Props.Create(() => new PacketCaptureEntity(settings, replicator, mediator)),
            ClusterShardingSettings.Create(system).WithRememberEntities(true).WithRole(MemberRole),
            new CaptureMessageExtractor(settings.NumberOfShards));
    }

    /// <summary>
    /// Starts a proxy to the region on an application that is not a capture member (role
    /// <see cref="ClientRole"/>): commands sent to it reach the entities on <see cref="MemberRole"/>
    /// members. Reads <c>packetcapture.entity.number-of-shards</c> from the system's configuration
    /// (<see cref="PacketCaptureConfig.Client"/> has the default): it must equal the members' value.
    /// </summary>
    /// <param name="system">A system whose provider is the cluster (joined, or joining).</param>
    public static IActorRef StartProxy(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        var shards = PacketCaptureSettings.FromConfig(system.Settings.Config).Entity.NumberOfShards;
        return ClusterSharding.Get(system).StartProxy(TypeName, MemberRole, new CaptureMessageExtractor(shards));
    }
}

/// <summary>Routes by <see cref="CaptureKey.EntityId"/>; the shard is a stable hash of it.</summary>
public sealed class CaptureMessageExtractor(int numberOfShards) : HashCodeMessageExtractor(numberOfShards)
{
    /// <inheritdoc />
    public override string? EntityId(object message) => message is ICaptureMessage m ? m.Key.EntityId : null;
}
