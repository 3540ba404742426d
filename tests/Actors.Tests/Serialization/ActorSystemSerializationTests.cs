using System.IO.Compression;
using System.Text;
using Akka.Cluster;
using Akka.Configuration;
using Akka.DistributedData;
using Akka.TestKit.Xunit2;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Serialization;
using Xunit;
using AkkaSerialization = Akka.Serialization.Serialization;

namespace PacketCapture.Actors.Tests.Serialization;

/// <summary>The serializer as Akka.NET finds it through <see cref="PacketCaptureSerializer.Configuration"/>,
/// alone and underneath Akka.DistributedData's own serializer.</summary>
public sealed class ActorSystemSerializationTests()
    : TestKit(PacketCaptureSerializer.Configuration.WithFallback(DistributedData.DefaultConfig()))
{
    [Theory]
    [MemberData(nameof(MessageSamples.Names), MemberType = typeof(MessageSamples))]
    public void System_picks_the_packetcapture_serializer_for_every_message(string sample)
    {
        var serializer = Sys.Serialization.FindSerializerFor(MessageSamples.All[sample]);

        Assert.IsType<PacketCaptureSerializer>(serializer);
        Assert.Equal(PacketCaptureSerializer.SerializerId, serializer.Identifier);
    }

    [Theory]
    [MemberData(nameof(MessageSamples.Names), MemberType = typeof(MessageSamples))]
    public void System_serialization_round_trips_every_message_by_id_and_manifest(string sample)
    {
        var message = MessageSamples.All[sample];
        var serializer = Sys.Serialization.FindSerializerFor(message);
        var manifest = AkkaSerialization.ManifestFor(serializer, message);

        var bytes = Sys.Serialization.Serialize(message);
        var back = Sys.Serialization.Deserialize(bytes, PacketCaptureSerializer.SerializerId, manifest);

        Assert.Equal(message, back);
    }

    [Fact]
    public void Configuration_binds_the_interface_and_fixes_the_identifier()
    {
        var actor = PacketCaptureSerializer.Configuration.GetConfig("akka.actor");

        var serializers = actor.GetConfig("serializers").AsEnumerable().ToDictionary(p => p.Key, p => p.Value.GetString());
        var bindings = actor.GetConfig("serialization-bindings").AsEnumerable().ToDictionary(p => p.Key, p => p.Value.GetString());
        var identifiers = actor.GetConfig("serialization-identifiers").AsEnumerable().ToDictionary(p => p.Key, p => p.Value.GetInt());

        Assert.Equal(
            new Dictionary<string, string> { ["packetcapture"] = "PacketCapture.Actors.Serialization.PacketCaptureSerializer, PacketCapture.Actors" },
            serializers);
        Assert.Equal(
            new Dictionary<string, string> { ["PacketCapture.Actors.Captures.IPacketCaptureMessage, PacketCapture.Actors"] = "packetcapture" },
            bindings);
        Assert.Equal(
            new Dictionary<string, int> { ["PacketCapture.Actors.Serialization.PacketCaptureSerializer, PacketCapture.Actors"] = 4100 },
            identifiers);
    }

    [Fact]
    public void Replicated_dictionary_of_desired_captures_round_trips_through_distributed_data_serializer()
    {
        var node = new UniqueAddress(new Akka.Actor.Address("akka.tcp", "packetcapture", "10.0.0.1", 4053), 17);
        var web = (DesiredCapture)MessageSamples.All["desired"];
        var cleaned = (DesiredCapture)MessageSamples.All["desired (deleted, cleaned)"] with { Key = new CaptureKey("prod", "api") };
        var map = LWWDictionary<string, DesiredCapture>.Empty
            .SetItem(node, web.Key.EntityId, web)
            .SetItem(node, cleaned.Key.EntityId, cleaned);
        var serializer = Sys.Serialization.FindSerializerFor(map);
        var manifest = AkkaSerialization.ManifestFor(serializer, map);

        var bytes = serializer.ToBinary(map);
        var back = (LWWDictionary<string, DesiredCapture>)Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        Assert.IsNotType<PacketCaptureSerializer>(serializer);
        Assert.Equal(map.Entries.OrderBy(e => e.Key), back.Entries.OrderBy(e => e.Key));
        // The values went through this serializer (its manifest and JSON), not the Newtonsoft fallback.
        // (DData itself still writes the dictionary's value type name next to them: that is its own
        // format for typed collections, on the wire only, never in the journal.)
        var text = Encoding.UTF8.GetString(Inflated(bytes));
        Assert.Contains("desired.v1", text, StringComparison.Ordinal);
        Assert.Contains("\"cleanEpoch\":4", text, StringComparison.Ordinal);
        Assert.DoesNotContain("$type", text, StringComparison.Ordinal);
    }

    private static byte[] Inflated(byte[] bytes)
    {
        if (bytes is not [0x1F, 0x8B, ..])
        {
            return bytes;
        }

        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }
}
