using System.Globalization;
using PacketCapture.Server.Tests.Server;

namespace PacketCapture.Server.Tests.EndToEnd;

/// <summary>A capture on real netns pods, driven and read only through the client binary and tcpdump.</summary>
public sealed class NetnsCaptureTests : IDisposable
{
    private const int FilteredPort = 7777;
    private const int Filtered = 25;

    private readonly VethNetwork _network = new();
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        _network.Dispose();
        _temp.Dispose();
    }

    private static string Capture(string? endTime = null) => $"""
        apiVersion: projectcalico.org/v3
        kind: PacketCapture
        metadata:
          name: web
          namespace: shop
        spec:
          selector: app == "web"
          filters:
            - protocol: UDP
              ports: [{FilteredPort}]
        {(endTime is null ? "" : $"  endTime: '{endTime}'")}
        """;

    [Fact]
    public async Task Files_of_the_selected_pod_hold_exactly_the_filtered_packets_and_clean_only_when_finished()
    {
        var web = _network.CreateLink();
        var db = _network.CreateLink();
        using var member = ServedMember.Start(_temp.File("data"));
        member.LabelPod(web, "shop", "web-1", "web");
        member.LabelPod(db, "shop", "db-1", "db");

        var applied = await member.CliWithInput(Capture(), "apply", "-f", "-");
        Assert.True(applied.ExitCode == 0, applied.ToString());
        await member.WaitForNodeAsync("shop", "web", n => n.State == PacketCapture.Actors.Model.CaptureState.WaitingForTraffic, "the web pod's capture to wait for traffic");

        // Bounded traffic: to the filtered port from both pods, and to another port from the web pod.
        Assert.Equal(Filtered, _network.Send(web, "udp", Filtered, FilteredPort));
        Assert.Equal(10, _network.Send(web, "udp", 10, 9999, firstSeq: 1000));
        Assert.Equal(10, _network.Send(db, "udp", 10, FilteredPort, firstSeq: 2000));

        var listed = await member.WaitForNodeAsync("shop", "web", n => n.FileNames.Length > 0, "the status to list a file");
        Assert.Equal($"web-1_{web.HostInterface}.pcap", Assert.Single(listed.FileNames));
        Assert.Equal(Path.GetFullPath(member.CaptureDirectory), listed.Directory);

        var refused = await member.Cli("captured-packets", "clean", "web", "-n", "shop");
        Assert.Equal(1, refused.ExitCode);
        // The server's 403 message, as it words it: naming the node that is not Finished yet.
        Assert.Equal([$"packetcapture: files of shop/web can be cleaned only when every node is Finished; node {ServedMember.NodeName} is Capturing"], refused.ErrorLines);

        // The file is flushed whenever the ring drains: copy until every sent packet is in it.
        var destination = _temp.File("copy");
        var pcap = Path.Combine(destination, listed.FileNames[0]);
        await CopyUntilAsync(member, destination, () => File.Exists(pcap) && CountOrZero(pcap) >= Filtered);
        var packets = TcpdumpReader.Packets(pcap);
        Assert.Equal(Filtered, packets.Count);
        Assert.All(packets, p => Assert.Contains($"{web.PodAddress}.", p, StringComparison.Ordinal));
        Assert.All(packets, p => Assert.Contains($"{web.HostAddress}.{FilteredPort}: UDP", p, StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, Filtered).Select(i => (long)i), TcpdumpReader.Sequence(pcap));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(pcap));

        // End the capture the way a user does: the same capture with endTime now.
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var ended = await member.CliWithInput(Capture(now), "apply", "-f", "-");
        Assert.True(ended.ExitCode == 0, ended.ToString());
        Assert.Equal(["packetcapture.projectcalico.org/web configured"], ended.OutputLines);
        var finished = await member.WaitForNodeAsync("shop", "web", n => n.State == PacketCapture.Actors.Model.CaptureState.Finished, "the capture to finish");
        Assert.Equal<string>(listed.FileNames, finished.FileNames);

        var cleaned = await member.Cli("captured-packets", "clean", "web", "-n", "shop");
        Assert.True(cleaned.ExitCode == 0, cleaned.ToString());
        Assert.Equal(["cleaned 1 file of shop/web on 1 node: files of packetcapture shop/web are being deleted on every node"], cleaned.OutputLines);

        // The server accepts the clean and each node deletes its files: the status follows.
        await member.WaitForNodeAsync("shop", "web", n => n.FileNames.IsEmpty, "the status to list no files");
        Assert.Empty(PcapFiles.In(Path.Combine(member.CaptureDirectory, "shop", "web")));

        var nothing = await member.Cli("captured-packets", "copy", "web", "-n", "shop", "-d", _temp.File("empty"));
        Assert.Equal((0, "no files for shop/web\n"), (nothing.ExitCode, nothing.Output));
    }

    private static async Task CopyUntilAsync(ServedMember member, string destination, Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var copied = await member.Cli("captured-packets", "copy", "web", "-n", "shop", "-d", destination);
            Assert.True(copied.ExitCode == 0, copied.ToString());
            Assert.Equal([$"copied 1 file of shop/web into {destination}"], copied.OutputLines);
            if (done())
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "timed out after 30 s waiting for the copied file to hold every sent packet");
        }
    }

    /// <summary>Packets tcpdump reads in a file that may still be growing; 0 when it cannot read it yet.</summary>
    internal static int CountOrZero(string file)
    {
        var (exit, output, _) = Shell.RunWithStatus("tcpdump", ["-r", file, "-nn"]);
        return exit == 0 ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length : 0;
    }
}
