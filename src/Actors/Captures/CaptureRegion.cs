using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.DistributedData;
using PacketCapture.Actors.Configuration;

namespace PacketCapture.Actors.Captures;

/// <summary>The shard region of capture entities: every <see cref="ICaptureMessage"/> goes through it.</summary>
public static class CaptureRegion
{
    /// <summary>The sharding type name; the same on every member and on clients' proxies.</summary>
    public const string TypeName = "packetcapture";

    /// <summary>Starts the region on this member (entities may live here).</summary>
    public static IActorRef Start(ActorSystem system, EntitySettings settings)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(settings);
        var replicator = DistributedData.Get(system).Replicator;
        return ClusterSharding.Get(system).Start(
            TypeName,
            Props.Create(() => new PacketCaptureEntity(settings, replicator)),
            ClusterShardingSettings.Create(system).WithRememberEntities(true),
            new CaptureMessageExtractor(settings.NumberOfShards));
    }
}

/// <summary>Routes by <see cref="CaptureKey.EntityId"/>; the shard is a stable hash of it.</summary>
public sealed class CaptureMessageExtractor(int numberOfShards) : HashCodeMessageExtractor(numberOfShards)
{
    /// <inheritdoc />
    public override string? EntityId(object message) => message is ICaptureMessage m ? m.Key.EntityId : null;
}
