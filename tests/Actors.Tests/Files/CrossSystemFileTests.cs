using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Configuration;
using PacketCapture.Actors.Files;
using Xunit;

namespace PacketCapture.Actors.Tests.Files;

/// <summary>Two actor systems over real remoting on loopback: the listing goes through the PacketCapture
/// serializer and the stream ref through Akka.Streams' own, as between two members.</summary>
public sealed class CrossSystemFileTests : IAsyncLifetime
{
    private static readonly CaptureKey Key = new("team-a", "cap");
    private readonly string _root = Directory.CreateTempSubdirectory("pc-files-").FullName;
    private ActorSystem _serving = null!;
    private ActorSystem _asking = null!;

    public Task InitializeAsync()
    {
        _serving = ActorSystem.Create("serving", FileActorSystems.Remote);
        _asking = ActorSystem.Create("asking", FileActorSystems.Remote);
        _serving.ActorOf(CaptureFileActor.Props(new NodeSettings { NodeName = "node-b", CaptureDirectory = _root }), CaptureFileActor.Name);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_asking.Terminate(), _serving.Terminate()).WaitAsync(TimeSpan.FromSeconds(30));
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void The_stream_ref_is_written_by_the_akka_streams_serializer_every_member_loads()
    {
        var serializer = _asking.Serialization.FindSerializerForType(Type.GetType("Akka.Streams.Implementation.StreamRef.SourceRefImpl, Akka.Streams", throwOnError: true)!);

        Assert.Equal("StreamRefSerializer", serializer.GetType().Name);
    }

    [Fact]
    public async Task Another_system_lists_and_streams_a_file_byte_for_byte_over_remoting()
    {
        var directory = Path.Combine(_root, "team-a", "cap");
        Directory.CreateDirectory(directory);
        var bytes = FileActorSystems.Pattern(2 * 1024 * 1024 + 17);
        await File.WriteAllBytesAsync(Path.Combine(directory, "web_b1.pcap"), bytes);
        var address = ((ExtendedActorSystem)_serving).Provider.DefaultAddress;
        var files = _asking.ActorSelection(new RootActorPath(address) / "user" / CaptureFileActor.Name);

        var listing = await files.Ask<CaptureFileListing>(
            new ListCaptureFiles(Key, [new NodeFileNames("node-b", ["web_b1.pcap"])]), TimeSpan.FromSeconds(20));
        var source = await files.Ask<ISourceRef<byte[]>>(new OpenCaptureFile(Key, "web_b1.pcap"), TimeSpan.FromSeconds(20));
        var received = await source.Source
            .RunAggregate(new MemoryStream(), (stream, chunk) =>
            {
                stream.Write(chunk);
                return stream;
            }, _asking.Materializer())
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(("node-b", bytes.LongLength), (listing.Node, Assert.Single(listing.Files).Size));
        Assert.Equal(bytes, received.ToArray());
    }

    [Fact]
    public async Task A_refusal_crosses_the_wire_as_a_rejection()
    {
        var address = ((ExtendedActorSystem)_serving).Provider.DefaultAddress;
        var files = _asking.ActorSelection(new RootActorPath(address) / "user" / CaptureFileActor.Name);

        var rejected = await files.Ask<CaptureFileRejected>(new OpenCaptureFile(Key, "../../etc/passwd"), TimeSpan.FromSeconds(20));

        Assert.Equal("../../etc/passwd", rejected.FileName);
    }
}
