using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Configuration;
using PacketCapture.Actors.Model;
using PacketCapture.Actors.Tests.Entity;
using Xunit;

namespace PacketCapture.Actors.Tests.Captures;

/// <summary>
/// Two actor systems in one cluster over loopback remoting: a capture member (this TestKit's
/// system, in-memory journal) and a client loaded from <see cref="PacketCaptureConfig.Client"/>.
/// Everything between them crosses the real serializer.
/// </summary>
public sealed class ClientMemberTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly Requester App = new("reporting-app", RequestSource.Client);

    public ClientMemberTests()
        : base(ConfigurationFactory.ParseString($"""
            {FailingJournal.Config}
            akka.remote.dot-netty.tcp.hostname = "127.0.0.1"
            akka.remote.dot-netty.tcp.port = 0
            akka.loglevel = WARNING
            """).WithFallback(PacketCaptureConfig.Defaults), "clientapi")
    {
    }

    [Fact]
    public async Task A_client_proxy_reaches_the_entity_on_the_capture_member_hosts_none_and_is_notified_of_changes()
    {
        var member = Cluster.Get(Sys);
        member.Join(member.SelfAddress);
        AwaitCondition(() => member.SelfMember.Status == MemberStatus.Up, Deadline);
        var region = CaptureRegion.Start(Sys, PacketCaptureSettings.FromConfig(Sys.Settings.Config).Entity);

        var client = ActorSystem.Create(Sys.Name, ConfigurationFactory.ParseString($"""
            akka.cluster.seed-nodes = ["{member.SelfAddress}"]
            akka.loglevel = WARNING
            """).WithFallback(PacketCaptureConfig.Client));
        try
        {
            AwaitCondition(() => Cluster.Get(client).SelfMember.Status == MemberStatus.Up, Deadline);
            Assert.Contains(CaptureRegion.ClientRole, Cluster.Get(client).SelfRoles);
            Assert.DoesNotContain(CaptureRegion.MemberRole, Cluster.Get(client).SelfRoles);
            var proxy = CaptureRegion.StartProxy(client);

            // Subscribe on the client; wait until the member's mediator knows of it (pub-sub gossip).
            var key = new CaptureKey("shop", "client-app");
            var subscriber = CreateTestProbe(client);
            DistributedPubSub.Get(client).Mediator.Tell(new Subscribe(CaptureTopics.Of(key), subscriber.Ref), subscriber.Ref);
            subscriber.ExpectMsg<SubscribeAck>(Deadline);
            var memberMediator = DistributedPubSub.Get(Sys).Mediator;
            AwaitAssert(() =>
            {
                memberMediator.Tell(new Publish(CaptureTopics.Of(key), "ping"));
                subscriber.ExpectMsg("ping", TimeSpan.FromMilliseconds(500));
            }, Deadline);
            subscriber.IgnoreMessages(m => m is string);

            var asker = CreateTestProbe(client);
            proxy.Tell(new ApplyCapture(EntityFixture.Resource("client-app"), App), asker.Ref);
            var applied = asker.ExpectMsg<CaptureSucceeded>(Deadline).View;
            Assert.Equal(CaptureState.WaitingForTraffic, applied.State);

            var notified = subscriber.ExpectMsg<CaptureStatusChanged>(Deadline);
            Assert.Equal(applied, notified.View);

            // The entity lives on the member; the client's proxy holds no shard.
            var onMember = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Deadline);
            Assert.Contains(onMember.Shards, s => s.EntityIds.Contains(key.EntityId));
            var onClient = await proxy.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Deadline);
            Assert.Empty(onClient.Shards);

            proxy.Tell(new DeleteCapture(key, App), asker.Ref);
            Assert.True(asker.ExpectMsg<CaptureSucceeded>(Deadline).View.Deleted);
            Assert.True(subscriber.ExpectMsg<CaptureStatusChanged>(Deadline).View.Deleted);
        }
        finally
        {
            // The client leaves first, so the member is never left with an unreachable member.
            await CoordinatedShutdown.Get(client).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
            await client.WhenTerminated.WaitAsync(Deadline);
        }
    }
}
