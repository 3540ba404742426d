using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Configuration;
using PacketCapture.Actors.Files;
using Xunit;

namespace PacketCapture.Actors.Tests.Files;

/// <summary>The file actor in one system: what it lists, what it streams, what it refuses.</summary>
public sealed class CaptureFileActorTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly CaptureKey Key = new("team-a", "cap");
    private readonly string _root = Directory.CreateTempSubdirectory("pc-files-").FullName;
    private readonly IActorRef _files;

    public CaptureFileActorTests()
        : base(FileActorSystems.Remote)
    {
        _files = Sys.ActorOf(CaptureFileActor.Props(new NodeSettings { NodeName = "node-b", CaptureDirectory = _root }), CaptureFileActor.Name);
    }

    [Fact]
    public void Lists_only_its_own_nodes_existing_safe_files_in_status_order_with_sizes()
    {
        Write("web_b2.pcap", 10);
        Write("web_b1.pcap", 100_000);
        Write("other_x.pcap", 5);
        File.WriteAllBytes(Path.Combine(_root, "team-a", "secret_x.pcap"), [1]);

        _files.Tell(new ListCaptureFiles(Key, [
            new NodeFileNames("node-a", ["other_x.pcap"]),
            new NodeFileNames("node-b", ["web_b1.pcap", "missing_x.pcap", "../secret_x.pcap", "web_b2.pcap"]),
        ]));

        var listing = ExpectMsg<CaptureFileListing>();
        Assert.Equal("node-b", listing.Node);
        Assert.Equal(Key, listing.Key);
        Assert.Equal([("web_b1.pcap", 100_000L), ("web_b2.pcap", 10L)], listing.Files.Select(f => (f.Name, f.Size)));
    }

    [Fact]
    public async Task Opens_a_file_as_a_source_ref_of_at_most_32_KiB_chunks_holding_its_exact_bytes()
    {
        var bytes = Write("web_b1.pcap", 300_001);

        var reply = await _files.Ask<object>(new OpenCaptureFile(Key, "web_b1.pcap"), TimeSpan.FromSeconds(10));

        var source = Assert.IsAssignableFrom<ISourceRef<byte[]>>(reply);
        var chunks = await source.Source.RunWith(Sink.Seq<byte[]>(), Sys.Materializer()).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(chunks, c => Assert.InRange(c.Length, 1, CaptureFileActor.ChunkSize));
        Assert.Equal(bytes, chunks.SelectMany(c => c).ToArray());
    }

    [Theory]
    [InlineData("../cap2/web_x.pcap", "is not a capture file name of team-a/cap")]
    [InlineData("notes.txt", "is not a capture file name of team-a/cap")]
    [InlineData("gone_x.pcap", "gone_x.pcap of team-a/cap is gone from node node-b")]
    public void Refuses_a_name_that_is_unsafe_or_gone(string name, string because)
    {
        _files.Tell(new OpenCaptureFile(Key, name));

        var rejected = ExpectMsg<CaptureFileRejected>();
        Assert.Equal(name, rejected.FileName);
        Assert.Contains(because, rejected.Message, StringComparison.Ordinal);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private byte[] Write(string name, int length)
    {
        var directory = Path.Combine(_root, "team-a", "cap");
        Directory.CreateDirectory(directory);
        var bytes = FileActorSystems.Pattern(length);
        File.WriteAllBytes(Path.Combine(directory, name), bytes);
        return bytes;
    }
}
