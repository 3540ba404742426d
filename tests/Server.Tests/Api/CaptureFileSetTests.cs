using System.Collections.Immutable;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using PacketCapture.Host.Api;

namespace PacketCapture.Server.Tests.Api;

public sealed class CaptureFileSetTests
{
    [Fact]
    public void Serves_only_this_nodes_safe_capture_file_names_inside_the_capture_directory()
    {
        var view = View(
            Node("node-a", "web-1_cali1.pcap", "web-1_cali1-1630000000123456.pcap", "../../etc/passwd", "x/y_z.pcap", "..pcap", "notes.txt", "_x.pcap"),
            Node("node-b", "web-2_cali2.pcap"));
        var files = CaptureFileSet.Local(view, "node-a", "/var/pcap");
        Assert.Equal(["node-a/web-1_cali1.pcap", "node-a/web-1_cali1-1630000000123456.pcap"], files.Select(f => f.EntryName));
        Assert.Equal("/var/pcap/team-a/cap/web-1_cali1.pcap", files[0].FullPath);
    }

    [Fact]
    public void Another_nodes_files_are_never_served() =>
        Assert.Empty(CaptureFileSet.Local(View(Node("node-b", "web-2_cali2.pcap")), "node-a", "/var/pcap"));

    private static NodeStatus Node(string node, params string[] files) =>
        new(node, 1, "/var/pcap", CaptureState.Finished, null, [.. files], ImmutableArray<EndpointStatus>.Empty, TrafficCounters.Zero);

    private static CaptureView View(params NodeStatus[] nodes)
    {
        var key = new CaptureKey("team-a", "cap");
        var resource = new PacketCaptureResource(new ObjectMeta { Name = "cap", Namespace = "team-a" }, new PacketCaptureSpec());
        return new CaptureView(key, resource, CaptureState.Finished, false, [.. nodes]);
    }
}
