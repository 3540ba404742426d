using PacketCapture.Actors.Model;
using PacketCapture.Server.Tests.Server;

namespace PacketCapture.Server.Tests.EndToEnd;

/// <summary><c>serve</c> stopped with SIGTERM in the middle of a capture and started again on the same data.</summary>
public sealed class RestartTests : IDisposable
{
    private const int Port = 7777;
    private const int Before = 30;
    private const int After = 20;

    private const string Capture = """
        apiVersion: projectcalico.org/v3
        kind: PacketCapture
        metadata:
          name: web
          namespace: shop
        spec:
          selector: app == "web"
          filters:
            - protocol: UDP
              ports: [7777]
        """;

    private readonly VethNetwork _network = new();
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        _network.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task A_capture_resumes_after_sigterm_appending_to_the_same_file_with_every_packet_readable()
    {
        var web = _network.CreateLink();
        var data = _temp.File("data");
        var file = $"web-1_{web.HostInterface}.pcap";
        var captureDirectory = Path.Combine(data, "pcap", "shop", "web");
        var active = Path.Combine(captureDirectory, file);

        long generation;
        PacketCaptureFiles listedBefore;
        using (var first = ServedMember.Start(data))
        {
            first.LabelPod(web, "shop", "web-1", "web");
            var applied = await first.CliWithInput(Capture, "apply", "-f", "-");
            Assert.True(applied.ExitCode == 0, applied.ToString());
            await first.WaitForNodeAsync("shop", "web", n => n.State == CaptureState.WaitingForTraffic, "the capture to wait for traffic");

            Assert.Equal(Before, _network.Send(web, "udp", Before, Port));
            Poll.Until(() => File.Exists(active) && NetnsCaptureTests.CountOrZero(active) == Before, $"{Before} packets in {active}", 30_000);
            listedBefore = await first.WaitForNodeAsync("shop", "web", n => n.FileNames.Contains(file), "the status to list the file");
            generation = (await first.GetAsync("shop", "web")).Metadata.Generation ?? 0;

            Assert.Equal(0, await first.TerminateAsync());
            Assert.Empty(first.Errors);
        }

        Assert.Equal(Before, PcapFiles.In(captureDirectory).Sum(PcapFiles.TsharkCount));

        using var second = ServedMember.Start(data);

        // No command: the capture comes back from the journal on the same generation.
        var resumed = await second.WaitForNodeAsync(
            "shop", "web", n => n.State is CaptureState.WaitingForTraffic or CaptureState.Capturing, "the capture to resume after the restart");
        Assert.Equal(generation, (await second.GetAsync("shop", "web")).Metadata.Generation);
        Assert.Equal<string>(listedBefore.FileNames, resumed.FileNames);

        Assert.Equal(After, _network.Send(web, "udp", After, Port, firstSeq: Before));
        Poll.Until(() => PcapFiles.In(captureDirectory).Sum(NetnsCaptureTests.CountOrZero) == Before + After, $"{Before + After} packets over the files", 30_000);

        // The product appends to the same active file: no rotated file appears, the name continues.
        Assert.Equal([active], PcapFiles.In(captureDirectory));
        Assert.Equal(Before + After, PcapFiles.TsharkCount(active));
        Assert.Equal(Enumerable.Range(0, Before + After).Select(i => (long)i), TcpdumpReader.Sequence(active));

        var listedAfter = await second.WaitForNodeAsync("shop", "web", n => n.State == CaptureState.Capturing, "the capture to be Capturing again");
        Assert.Equal<string>(listedBefore.FileNames, listedAfter.FileNames);
        Assert.Equal(listedBefore.Directory, listedAfter.Directory);

        Assert.Equal(0, await second.TerminateAsync());
        Assert.Equal(Before + After, PcapFiles.TsharkCount(active));
    }
}
