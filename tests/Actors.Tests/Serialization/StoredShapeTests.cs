using System.Runtime.Serialization;
using System.Text;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using PacketCapture.Actors.Serialization;
using Xunit;

namespace PacketCapture.Actors.Tests.Serialization;

/// <summary>The bytes themselves: what v1 writes (pinned, so a shape change is a visible decision),
/// what v1 must keep reading, and what it must refuse.</summary>
public sealed class StoredShapeTests(SerializerFixture fixture) : IClassFixture<SerializerFixture>
{
    private const string Key = """{"namespace":"prod","name":"web.capture"}""";

    private readonly PacketCaptureSerializer _serializer = fixture.Serializer;

    public static TheoryData<string, string> Written => new()
    {
        {
            "cap-started (system)",
            $$$"""{"key":{{{Key}}},"generation":3,"at":"2026-11-26T00:00:00.5Z","by":{"user":"system","source":"System"}}"""
        },
        {
            "cap-created (minimal resource, kubernetes)",
            """{"key":{"namespace":"default","name":"bare"},"resource":{"apiVersion":"projectcalico.org/v3","kind":"PacketCapture","metadata":{"name":"bare","namespace":"default"},"spec":{}},"generation":1,"incarnation":1,"at":"2026-11-26T00:00:00.5Z","by":{"user":"system:serviceaccount:calico:watcher","source":"Kubernetes"}}"""
        },
        {
            "cap-deleted (kubernetes)",
            $$$"""{"key":{{{Key}}},"at":"2026-12-01T23:59:59+05:30","by":{"user":"system:serviceaccount:calico:watcher","source":"Kubernetes"}}"""
        },
        {
            "node-state (error with reason)",
            $$$"""{"key":{{{Key}}},"status":{"node":"node-b","generation":3,"directory":"/data/pcap","state":"Error","fileNames":[],"endpoints":[{"pod":"api-0","interface":"cali0123456789b","state":"Error","counters":{"packets":0,"bytes":0,"dropped":0,"droppedByInterface":0},"reason":"not enough disk space"}],"counters":{"packets":0,"bytes":0,"dropped":0,"droppedByInterface":0},"reason":"cali0123456789b: not enough disk space: 1200 bytes free, 30000000 needed"},"at":"2026-11-26T00:00:00.5Z","by":{"user":"node/node-b","source":"Node"}}"""
        },
        {
            "file-rotated",
            $$$"""{"key":{{{Key}}},"rotation":{"node":"node-a","generation":3,"pod":"web-0","interface":"cali0123456789a","fileName":"web-0_cali0123456789a-1764064800000000.pcap","bytes":10000000,"packets":61234},"at":"2026-11-25T10:00:00.1234567+02:00","by":{"user":"node/node-a","source":"Node"}}"""
        },
        {
            "files-cleaned",
            $$$"""{"key":{{{Key}}},"cleanEpoch":2,"at":"2026-11-26T00:00:00.5Z","by":{"user":"alice","source":"Cli"}}"""
        },
        {
            "node-lost (left)",
            $$$"""{"key":{{{Key}}},"node":"node-a","state":"Error","reason":"node node-a left the cluster at 2026-11-26T00:00:00.5Z; last state Capturing","at":"2026-11-26T00:00:00.5Z","by":{"user":"system","source":"System"}}"""
        },
        {
            "cmd-node-lost (downed)",
            $$$"""{"key":{{{Key}}},"node":"node-b","departure":"Downed","by":{"user":"system","source":"System"}}"""
        },
        {
            "cmd-boundary (end)",
            $$$"""{"key":{{{Key}}},"boundary":"End","by":{"user":"system","source":"System"}}"""
        },
        {
            "rep-rejected (Conflict)",
            $$$"""{"key":{{{Key}}},"reason":"Conflict","message":"generation 2 is stale; the capture is at 3"}"""
        },
        {
            "desired (deleted, cleaned)",
            $$$"""{"key":{{{Key}}},"resource":{"apiVersion":"projectcalico.org/v3","kind":"PacketCapture","metadata":{"name":"web.capture","namespace":"prod","generation":7},"spec":{"selector":"","filters":[]}},"generation":7,"deleted":true,"cleanEpoch":4}"""
        },
        {
            "qry-list (all namespaces, client)",
            """{"by":{"user":"reporting-app","source":"Client"}}"""
        },
        {
            "qry-list (one namespace)",
            """{"by":{"user":"bob@example.com","source":"Api"},"namespace":"prod"}"""
        },
        {
            "rep-list (sorted keys)",
            $$$"""{"keys":[{"namespace":"default","name":"bare"},{{{Key}}},{"namespace":"prod","name":"zeta"}]}"""
        },
        {
            "files-list (several nodes)",
            $$$"""{"key":{{{Key}}},"nodes":[{"node":"node-a","fileNames":["web-0_cali0123456789a-1764064800000000.pcap","web-0_cali0123456789a.pcap"]},{"node":"node-b","fileNames":[]}]}"""
        },
        {
            "files-listing (files)",
            $$$"""{"key":{{{Key}}},"node":"node-b","files":[{"name":"api-0_cali0123456789b.pcap","size":209715200,"lastWrite":"2026-11-25T10:00:00.1234567+02:00"},{"name":"api-0_cali0123456789b-1764064800000000.pcap","size":0,"lastWrite":"2026-11-26T00:00:00.5Z"}]}"""
        },
        {
            "files-open",
            $$$"""{"key":{{{Key}}},"fileName":"api-0_cali0123456789b.pcap"}"""
        },
        {
            "files-rejected",
            $$$"""{"key":{{{Key}}},"fileName":"api-0_cali0123456789b.pcap","message":"api-0_cali0123456789b.pcap of prod/web.capture is gone from node node-b"}"""
        },
        {
            "snap-state (empty)",
            $$$"""{"key":{{{Key}}},"generation":0,"incarnation":0,"deleted":false,"phase":"None","cleanEpoch":0,"nodes":{},"eventCount":0}"""
        },
    };

    public static TheoryData<string, string> Corrupt => new()
    {
        { "cap-created.v1", "" },
        { "cap-created.v1", "not json" },
        { "cap-deleted.v1", "null" },
        { "cap-deleted.v1", "[1,2]" },
        { "cap-deleted.v1", "{}" },
        { "cap-deleted.v1", $$$"""{"key":{{{Key}}},"at":"2026-11-26T00:00:00Z","by":{"user":"alice","source":"Cli"}""" },
        { "cap-deleted.v1", $$$"""{"key":null,"at":"2026-11-26T00:00:00Z","by":{"user":"alice","source":"Cli"}}""" },
        { "cap-deleted.v1", $$$"""{"key":{{{Key}}},"at":"2026-11-26T00:00:00Z","by":{"user":"alice","source":"Robot"}}""" },
        { "cap-deleted.v1", $$$"""{"key":{{{Key}}},"at":"2026-11-26T00:00:00Z","by":{"user":"alice","source":0}}""" },
        { "cap-deleted.v1", $$$"""{"key":{{{Key}}},"at":"2026-11-26T00:00:00Z","by":{"user":"alice","source":"cli"}}""" },
        { "cap-deleted.v1", $$$"""{"key":{{{Key}}},"at":"yesterday","by":{"user":"alice","source":"Cli"}}""" },
        { "cap-deleted.v1", $$$"""{"key":{{{Key}}},"at":"2026-11-26T00:00:00","by":{"user":"alice","source":"Cli"}}""" },
        { "cap-deleted.v1", $$$"""{"key":{{{Key}}},"at":1764115200,"by":{"user":"alice","source":"Cli"}}""" },
        { "cap-started.v1", $$$"""{"key":{{{Key}}},"generation":"three","at":"2026-11-26T00:00:00Z","by":{"user":"system","source":"System"}}""" },
        { "cap-created.v1", $$$"""{"key":{{{Key}}},"at":"2026-11-26T00:00:00Z","by":{"user":"alice","source":"Cli"}}""" },
        { "cmd-apply.v1", """{"resource":"web.capture","by":{"user":"alice","source":"Cli"}}""" },
        { "cmd-apply.v1", """{"resource":{"apiVersion":"projectcalico.org/v3","kind":"PacketCapture","metadata":{"name":"Web_Capture"},"spec":{}},"by":{"user":"alice","source":"Cli"}}""" },
        { "cmd-apply.v1", """{"resource":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},"spec":{}},"by":{"user":"alice","source":"Cli"}}""" },
        { "cmd-apply.v1", """{"resource":{"apiVersion":"projectcalico.org/v3","kind":"PacketCapture","metadata":{"name":"web"},"spec":{"filters":[{"ports":[0]}]}},"by":{"user":"alice","source":"Cli"}}""" },
        { "node-state.v1", $$$"""{"key":{{{Key}}},"status":{"node":"node-a","generation":1,"directory":"/d","state":"Sleeping","fileNames":[],"endpoints":[],"counters":{"packets":0,"bytes":0,"dropped":0,"droppedByInterface":0}},"at":"2026-11-26T00:00:00Z","by":{"user":"node/node-a","source":"Node"}}""" },
        { "node-state.v1", $$$"""{"key":{{{Key}}},"status":{"node":"node-a","generation":1,"directory":"/d","state":"Capturing","fileNames":null,"endpoints":[],"counters":{"packets":0,"bytes":0,"dropped":0,"droppedByInterface":0}},"at":"2026-11-26T00:00:00Z","by":{"user":"node/node-a","source":"Node"}}""" },
        { "snap-state.v1", $$$"""{"key":{{{Key}}},"generation":0,"incarnation":0,"deleted":false,"phase":"Paused","cleanEpoch":0,"nodes":{},"eventCount":0}""" },
        { "snap-state.v1", $$$"""{"key":{{{Key}}},"generation":0,"incarnation":0,"deleted":false,"phase":"None","cleanEpoch":0,"nodes":{"node-a":null},"eventCount":0}""" },
        { "node-state.v1", $$$"""{"key":{{{Key}}},"status":{"node":"node-a","generation":1,"directory":"/d","state":"Capturing","fileNames":[null],"endpoints":[],"counters":{"packets":0,"bytes":0,"dropped":0,"droppedByInterface":0}},"at":"2026-11-26T00:00:00Z","by":{"user":"node/node-a","source":"Node"}}""" },
        { "node-state.v1", $$$"""{"key":{{{Key}}},"status":{"node":"node-a","generation":1,"directory":"/d","state":"Capturing","fileNames":[],"endpoints":[null],"counters":{"packets":0,"bytes":0,"dropped":0,"droppedByInterface":0}},"at":"2026-11-26T00:00:00Z","by":{"user":"node/node-a","source":"Node"}}""" },
        { "rep-ok.v1", $$$"""{"view":{"key":{{{Key}}},"resource":{"apiVersion":"projectcalico.org/v3","kind":"PacketCapture","metadata":{"name":"web"},"spec":{}},"state":"Finished","deleted":true,"nodes":[null]}}""" },
        { "rep-ok.v1", $$$"""{"view":{"key":{{{Key}}},"resource":{"apiVersion":"projectcalico.org/v3","kind":"PacketCapture","metadata":{"name":"web"},"spec":{},"status":{"files":[{"directory":"/d"}]}},"state":"Finished","deleted":true,"nodes":[]}}""" },
    };

    [Theory]
    [MemberData(nameof(Written))]
    public void Version_1_writes_exactly_this_json(string sample, string json)
    {
        var bytes = _serializer.ToBinary(MessageSamples.All[sample]);

        Assert.Equal(json, Encoding.UTF8.GetString(bytes));
    }

    [Theory]
    [MemberData(nameof(Written))]
    public void Version_1_json_reads_to_the_sample(string sample, string json)
    {
        var message = MessageSamples.All[sample];

        var read = _serializer.FromBinary(Encoding.UTF8.GetBytes(json), _serializer.Manifest(message));

        Assert.Equal(message, read);
    }

    [Fact]
    public void Reads_fields_in_any_order_ignores_unknown_ones_and_defaults_missing_optional_ones()
    {
        // Indented, reordered, with a field a later writer might add, and the optional reasons left out.
        const string json = """
            {
              "at": "2026-11-25T10:00:00+01:00",
              "addedLater": { "anything": [1, 2] },
              "by": { "source": "Node", "user": "node/node-a" },
              "status": {
                "counters": { "droppedByInterface": 0, "dropped": 0, "bytes": 24, "packets": 1 },
                "endpoints": [
                  { "pod": "web-0", "interface": "cali0123456789a", "state": "Capturing",
                    "counters": { "packets": 1, "bytes": 24, "dropped": 0, "droppedByInterface": 0 } }
                ],
                "fileNames": ["web-0_cali0123456789a.pcap"],
                "state": "Capturing",
                "directory": "/var/log/calico/pcap",
                "generation": 1,
                "node": "node-a"
              },
              "key": { "name": "web.capture", "namespace": "prod" }
            }
            """;

        var read = (NodeStateReported)_serializer.FromBinary(Encoding.UTF8.GetBytes(json), "node-state.v1");

        var counters = new TrafficCounters(1, 24, 0, 0);
        var expected = new NodeStateReported(
            MessageSamples.Key,
            new NodeStatus("node-a", 1, "/var/log/calico/pcap", CaptureState.Capturing, null, ["web-0_cali0123456789a.pcap"],
                [new EndpointStatus("web-0", "cali0123456789a", CaptureState.Capturing, null, counters)], counters),
            new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.FromHours(1)),
            MessageSamples.NodeA);
        Assert.Equal(expected, read);
        Assert.Equal(TimeSpan.FromHours(1), read.At.Offset);
    }

    [Fact]
    public void Reads_a_resource_written_by_hand_in_kubernetes_shape()
    {
        const string json = """
            {"resource":{"kind":"PacketCapture","apiVersion":"projectcalico.org/v3",
              "spec":{"endTime":"2026-11-25T12:00:00Z","filters":[{"ports":["8000:8080",443],"protocol":"TCP"}]},
              "metadata":{"namespace":"prod","name":"web.capture","labels":{"team":"net"},"generation":2}},
             "by":{"user":"alice","source":"Cli"}}
            """;

        var apply = (ApplyCapture)_serializer.FromBinary(Encoding.UTF8.GetBytes(json), "cmd-apply.v1");

        Assert.Equal(MessageSamples.Key, apply.Key);
        Assert.Equal(2, apply.Resource.Metadata.Generation);
        Assert.Equal("net", apply.Resource.Metadata.Labels["team"]);
        Assert.Equal([PortSpec.Range(8000, 8080), PortSpec.Single(443)], apply.Resource.Spec.EffectiveFilters[0].Ports.ToArray());
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), apply.Resource.Spec.EndTime);
        Assert.Null(apply.Resource.Status);
    }

    [Theory]
    [InlineData("cap-created.v9")]
    [InlineData("cap-created")]
    [InlineData("CAP-CREATED.V1")]
    [InlineData("")]
    [InlineData("PacketCapture.Actors.Captures.CaptureCreated, PacketCapture.Actors")]
    public void Unknown_manifest_is_refused_naming_the_manifest(string manifest)
    {
        var bytes = _serializer.ToBinary(MessageSamples.All["cap-started (system)"]);

        var error = Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes, manifest));

        Assert.Contains($"[{manifest}]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Corrupt))]
    public void Corrupt_bytes_are_refused_with_a_serialization_exception(string manifest, string text)
    {
        var error = Assert.Throws<SerializationException>(() => _serializer.FromBinary(Encoding.UTF8.GetBytes(text), manifest));

        Assert.Contains($"[{manifest}]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_garbage_is_refused_with_a_serialization_exception()
    {
        byte[] garbage = [0xFF, 0xFE, 0x00, 0x7B, 0x22, 0xC3, 0x28, 0x80];

        Assert.Throws<SerializationException>(() => _serializer.FromBinary(garbage, "cap-started.v1"));
    }

    [Fact]
    public void An_invalid_stored_resource_is_refused_naming_the_field()
    {
        var json = """{"resource":{"apiVersion":"projectcalico.org/v3","kind":"PacketCapture","metadata":{"name":"Web_Capture"},"spec":{}},"by":{"user":"alice","source":"Cli"}}""";

        var error = Assert.Throws<SerializationException>(() => _serializer.FromBinary(Encoding.UTF8.GetBytes(json), "cmd-apply.v1"));

        Assert.Contains("metadata.name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_outside_the_table_is_refused_when_writing()
    {
        Assert.Throws<ArgumentException>(() => _serializer.Manifest("a string"));
        Assert.Throws<ArgumentException>(() => _serializer.ToBinary(new CaptureKey("prod", "web")));
    }
}
