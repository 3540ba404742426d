using Akka.Configuration;
using PacketCapture.Actors.Configuration;
using Xunit;

namespace PacketCapture.Actors.Tests.Configuration;

public sealed class PacketCaptureSettingsTests
{
    [Fact]
    public void Defaults_are_the_node_settings_of_the_spec()
    {
        var settings = PacketCaptureSettings.FromConfig(ConfigurationFactory.Empty);

        Assert.Equal("/var/log/calico/pcap", settings.Node.CaptureDirectory);
        Assert.Equal(10_000_000, settings.Node.MaxSizeBytes);
        Assert.Equal(TimeSpan.FromSeconds(3600), settings.Node.RotationInterval);
        Assert.Equal(2, settings.Node.MaxFiles);
        Assert.Equal(100, settings.Entity.SnapshotEvery);
        Assert.Equal(100, settings.Entity.NumberOfShards);
        Assert.False(string.IsNullOrWhiteSpace(settings.Node.NodeName));
    }

    [Fact]
    public void Every_key_can_be_overridden()
    {
        var settings = PacketCaptureSettings.FromConfig(ConfigurationFactory.ParseString("""
            packetcapture.node {
              name = node-7
              capture-dir = /srv/pcap
              max-size-bytes = 4096
              rotation-interval = 90s
              max-files = 5
              buffer-size-bytes = 1048576
              status-report-interval = 1s
              counters-interval = 10s
            }
            packetcapture.entity { snapshot-every = 25, number-of-shards = 30 }
            """));

        Assert.Equal(
            new NodeSettings
            {
                NodeName = "node-7",
                CaptureDirectory = "/srv/pcap",
                MaxSizeBytes = 4096,
                RotationInterval = TimeSpan.FromSeconds(90),
                MaxFiles = 5,
                BufferSizeBytes = 1_048_576,
                StatusReportInterval = TimeSpan.FromSeconds(1),
                CountersInterval = TimeSpan.FromSeconds(10),
            },
            settings.Node);
        Assert.Equal(new EntitySettings { SnapshotEvery = 25, NumberOfShards = 30 }, settings.Entity);
    }

    [Theory]
    [InlineData("packetcapture.node.max-size-bytes = 10", "packetcapture.node.max-size-bytes must be at least 128")]
    [InlineData("packetcapture.node.max-files = -1", "packetcapture.node.max-files must not be negative")]
    [InlineData("packetcapture.node.rotation-interval = 0s", "packetcapture.node.rotation-interval must be positive")]
    [InlineData("packetcapture.entity.snapshot-every = 0", "packetcapture.entity.snapshot-every must be positive")]
    [InlineData("packetcapture.node.capture-dir = \"\"", "packetcapture.node.capture-dir is empty")]
    public void A_wrong_value_is_refused_naming_its_key(string hocon, string message)
    {
        var error = Assert.Throws<ConfigurationException>(() => PacketCaptureSettings.FromConfig(ConfigurationFactory.ParseString(hocon)));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void The_embedded_defaults_bind_the_packetcapture_serializer_and_remember_entities()
    {
        var config = PacketCaptureConfig.Standalone;

        Assert.Equal("packetcapture", config.GetString("akka.actor.serialization-bindings.\"PacketCapture.Actors.Captures.IPacketCaptureMessage, PacketCapture.Actors\""));
        Assert.True(config.GetBoolean("akka.cluster.sharding.remember-entities"));
        Assert.Equal("eventsourced", config.GetString("akka.cluster.sharding.remember-entities-store"));
        Assert.Equal("SQLite.MS", config.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Equal("Csv", config.GetString("akka.persistence.journal.sql.tag-write-mode"));
        Assert.Equal("ForkJoinDispatcher", config.GetString(PacketCapture.Actors.Nodes.NodeAgent.CaptureDispatcher + ".type"));
    }
}
