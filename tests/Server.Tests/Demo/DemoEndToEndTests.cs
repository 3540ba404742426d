using System.Text.RegularExpressions;

namespace PacketCapture.Server.Tests.Demo;

/// <summary>The real binary, the real member and API, real network namespaces: the whole demo.</summary>
public sealed partial class DemoEndToEndTests
{
    [Fact]
    public void Demo_captures_only_tcp_8080_of_the_web_pod_in_its_namespace_and_cleans_up()
    {
        var keep = Directory.CreateTempSubdirectory("pcdemo-test-keep-").FullName;
        try
        {
            using var demo = new DemoProcess("--keep", keep);
            var exit = demo.WaitForExit(TimeSpan.FromSeconds(90));

            var output = demo.Output;
            Assert.True(exit == 0, $"exit {exit}\n{output}\n{demo.Errors}");
            Assert.Matches(StatusRow(), output);

            // The file table: every file is shop/web-1's and holds TCP 8080 only.
            var fileRows = FileRow().Matches(output);
            Assert.NotEmpty(fileRows);
            Assert.All(fileRows, row =>
            {
                Assert.Equal("shop/web-1", row.Groups["pod"].Value);
                Assert.Matches(@"^TCP 8080: [1-9]\d*$", row.Groups["kinds"].Value.Trim());
            });
            Assert.Matches(@"filter applied: [1-9]\d* packets, all TCP port 8080, from shop/web-1 only", output);
            Assert.DoesNotContain("UNEXPECTED", output);

            // --keep copied the files, and tcpdump reads them: TCP 8080 only.
            var kept = Directory.GetFiles(keep, "*.pcap");
            Assert.NotEmpty(kept);
            Assert.All(kept, file =>
            {
                Assert.StartsWith("web-1_", Path.GetFileName(file));
                var packets = TcpdumpReader.Packets(file);
                Assert.NotEmpty(packets);
                Assert.All(packets, p => Assert.Matches(@"\.8080[ :]", p));
            });

            Assert.Empty(DemoLeftovers.Namespaces($"pcdemo-{demo.Id}-"));
            Assert.Empty(DemoLeftovers.HostInterfaces(demo.Id));
        }
        finally
        {
            Directory.Delete(keep, recursive: true);
        }
    }

    [Fact]
    public void Interrupted_demo_removes_everything_it_made()
    {
        using var demo = new DemoProcess();
        Poll.Until(() => demo.Output.Contains("[4/7]", StringComparison.Ordinal) || demo.Errors.Length > 0,
            "the demo to reach its capture step", 60_000);
        Assert.True(demo.Errors.Length == 0, demo.Errors);
        Assert.NotEmpty(DemoLeftovers.Namespaces($"pcdemo-{demo.Id}-"));

        // SIGTERM, handled exactly as Ctrl-C's SIGINT: a test host started as a background job
        // (CI, `./test &`) passes SIGINT on as ignored, and the runtime keeps it ignored.
        demo.Signal("TERM");
        var exit = demo.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.Equal(130, exit);
        Assert.Contains("interrupted", demo.Errors);
        Assert.Empty(DemoLeftovers.Namespaces($"pcdemo-{demo.Id}-"));
        Assert.Empty(DemoLeftovers.HostInterfaces(demo.Id));
    }

    [GeneratedRegex(@"^\s+\S+\s+Finished\s+[1-9]\d*\s+/\S+$", RegexOptions.Multiline)]
    private static partial Regex StatusRow();

    [GeneratedRegex(@"^\s+(?<file>web-1_\S+\.pcap|\S+_\S+\.pcap)\s+(?<pod>\S+)\s+\d+(\.\d)? (B|KiB)\s+\d+\s+(?<kinds>.+)$", RegexOptions.Multiline)]
    private static partial Regex FileRow();
}
