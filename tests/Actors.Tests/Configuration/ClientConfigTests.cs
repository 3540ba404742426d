using Akka.Actor;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Configuration;
using PacketCapture.Actors.Serialization;
using Xunit;

namespace PacketCapture.Actors.Tests.Configuration;

public sealed class ClientConfigTests
{
    [Fact]
    public void Members_have_the_capture_role_and_clients_the_client_role()
    {
        Assert.Equal([CaptureRegion.MemberRole], PacketCaptureConfig.Defaults.GetStringList("akka.cluster.roles"));
        Assert.Equal([CaptureRegion.MemberRole], PacketCaptureConfig.Standalone.GetStringList("akka.cluster.roles"));
        Assert.Equal([CaptureRegion.ClientRole], PacketCaptureConfig.Client.GetStringList("akka.cluster.roles"));
    }

    [Fact]
    public void Client_config_is_a_cluster_with_the_members_shards_and_pub_sub_settings()
    {
        var client = PacketCaptureConfig.Client;

        Assert.Equal("cluster", client.GetString("akka.actor.provider"));
        Assert.Equal(
            PacketCaptureConfig.Defaults.GetInt("packetcapture.entity.number-of-shards"),
            PacketCaptureSettings.FromConfig(client).Entity.NumberOfShards);
        Assert.False(client.GetBoolean("akka.cluster.pub-sub.send-to-dead-letters-when-no-subscribers"));
        // No pub-sub role: clients run a mediator too (Akka's default, never overridden here).
        Assert.True(string.IsNullOrEmpty(client.GetString("akka.cluster.pub-sub.role")));
        Assert.Equal(CaptureRegion.MemberRole, client.GetString("akka.cluster.distributed-data.role"));
    }

    [Fact]
    public void A_system_on_the_client_config_serializes_the_api_messages_with_the_packetcapture_serializer()
    {
        using var system = ActorSystem.Create("client-config", PacketCaptureConfig.Client);

        foreach (var message in new object[] { new ListCaptures(null, new Requester("app", RequestSource.Client)), new CaptureList([]) })
        {
            Assert.Equal(PacketCaptureSerializer.SerializerId, system.Serialization.FindSerializerFor(message).Identifier);
        }
    }
}
