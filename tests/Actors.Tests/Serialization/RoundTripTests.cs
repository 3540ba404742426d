using System.Text;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using PacketCapture.Actors.Serialization;
using Xunit;

namespace PacketCapture.Actors.Tests.Serialization;

public sealed class RoundTripTests(SerializerFixture fixture) : IClassFixture<SerializerFixture>
{
    private readonly PacketCaptureSerializer _serializer = fixture.Serializer;

    [Theory]
    [MemberData(nameof(MessageSamples.Names), MemberType = typeof(MessageSamples))]
    public void Every_sample_reads_back_equal(string sample)
    {
        var message = MessageSamples.All[sample];

        var back = RoundTrip(message);

        Assert.IsType(message.GetType(), back);
        Assert.Equal(message, back);
    }

    [Theory]
    [MemberData(nameof(MessageSamples.Names), MemberType = typeof(MessageSamples))]
    public void Every_sample_writes_the_same_bytes_after_a_round_trip(string sample)
    {
        // Record equality ignores a time's offset; identical bytes show nothing was lost at all.
        var message = MessageSamples.All[sample];
        var bytes = _serializer.ToBinary(message);

        var again = _serializer.ToBinary(_serializer.FromBinary(bytes, _serializer.Manifest(message)));

        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(again));
    }

    [Theory]
    [MemberData(nameof(MessageSamples.Names), MemberType = typeof(MessageSamples))]
    public void Bytes_name_no_clr_type(string sample)
    {
        var text = Encoding.UTF8.GetString(_serializer.ToBinary(MessageSamples.All[sample]));

        Assert.DoesNotContain("PacketCapture.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("$type", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Akka", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MessageSamples.Names), MemberType = typeof(MessageSamples))]
    public void Sample_name_starts_with_the_manifest_it_is_written_under(string sample)
    {
        var manifest = _serializer.Manifest(MessageSamples.All[sample]);

        Assert.StartsWith(manifest.Replace(".v1", "", StringComparison.Ordinal) + " ", sample + " ", StringComparison.Ordinal);
    }

    [Fact]
    public void Times_keep_their_offsets()
    {
        var created = (CaptureCreated)RoundTrip(MessageSamples.All["cap-created (full resource, cli)"]);

        Assert.True(created.At.EqualsExact(MessageSamples.AtPlusTwo));
        Assert.True(created.Resource.Metadata.CreationTimestamp!.Value.EqualsExact(MessageSamples.AtPlusTwo));
        Assert.True(created.Resource.Spec.StartTime!.Value.EqualsExact(MessageSamples.AtMinusFive));
        Assert.True(created.Resource.Spec.EndTime!.Value.EqualsExact(MessageSamples.AtPlusFiveThirty));
    }

    [Fact]
    public void Resource_status_survives_inside_a_view()
    {
        var reply = (CaptureSucceeded)RoundTrip(MessageSamples.All["rep-ok (view with status and nodes)"]);

        var files = reply.View.Resource.Status!.Files;
        Assert.Equal(["node-a", "node-b", "node-c"], files.Select(f => f.Node));
        Assert.Equal(CaptureState.Capturing, files[0].State);
        Assert.Null(files[1].State);
        Assert.Null(files[1].Directory);
        Assert.Equal(2, files[0].FileNames.Length);
    }

    [Fact]
    public void Absent_filters_and_empty_filters_stay_different()
    {
        var minimal = (CaptureCreated)RoundTrip(MessageSamples.All["cap-created (minimal resource, kubernetes)"]);
        var empty = (CaptureSpecChanged)RoundTrip(MessageSamples.All["cap-spec-changed (empty filters, api)"]);

        Assert.Null(minimal.Resource.Spec.Filters);
        Assert.NotNull(empty.Resource.Spec.Filters);
        Assert.Empty(empty.Resource.Spec.Filters!.Value);
    }

    [Fact]
    public void Snapshot_keeps_nodes_in_ordinal_order()
    {
        var state = (CaptureAggregate)RoundTrip(MessageSamples.All["snap-state (running, nodes)"]);

        Assert.Equal(["node-a", "node-b", "node-c"], state.Nodes.Keys);
        Assert.Equal(StringComparer.Ordinal, state.Nodes.KeyComparer);
    }

    private object RoundTrip(IPacketCaptureMessage message) =>
        _serializer.FromBinary(_serializer.ToBinary(message), _serializer.Manifest(message));
}
