using System.Text.Json;
using Xunit;

namespace PacketCapture.Host.Tests.Cli;

/// <summary>
/// The <c>capture</c> command through the real binary: flag and file errors are one line
/// with exit 1; a run ends on --duration and prints one JSON line of counters. Real-traffic
/// behaviour (files, rotation, counters) is covered by tests/Capture.Tests.
/// </summary>
public sealed class CaptureCommandTests : IDisposable
{
    private const string Spec = """
        apiVersion: projectcalico.org/v3
        kind: PacketCapture
        metadata:
          name: web-capture
          namespace: shop
        spec:
          selector: all()
          filters:
            - protocol: SCTP
              ports: [1]
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"pc-cli-capture-{Guid.NewGuid():N}");
    private readonly List<string> _files = [];

    public void Dispose()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }

        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task Missing_interface_is_one_line_naming_the_flag()
    {
        var result = await CliProcess.RunAsync(null, "capture", "--interface", "pcnosuchif0", "--dir", _dir, "--duration", "1");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("packetcapture: --interface pcnosuchif0: cannot capture on interface pcnosuchif0", line, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("--pod", "../etc")]
    [InlineData("--namespace", "a/b")]
    [InlineData("--name", "..")]
    public async Task Unsafe_path_components_are_refused_before_anything_is_created(string flag, string value)
    {
        var result = await CliProcess.RunAsync(null, "capture", "--interface", "lo", "--dir", _dir, flag, value, "--duration", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"packetcapture: {flag}: ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir));
    }

    [Fact]
    public async Task Conflicting_flags_are_refused()
    {
        var filters = TempFile("- protocol: TCP\n");
        var spec = TempFile(Spec);

        var both = await CliProcess.RunAsync(null, "capture", "-i", "lo", "--dir", _dir, "--filters-file", filters, "--bpf-from-spec", spec);
        var stops = await CliProcess.RunAsync(null, "capture", "-i", "lo", "--dir", _dir, "--duration", "1", "--count", "5");

        Assert.Equal(1, both.ExitCode);
        Assert.Equal("packetcapture: --filters-file and --bpf-from-spec: give one of them, not both", Assert.Single(both.ErrorLines));
        Assert.Equal(1, stops.ExitCode);
        Assert.Equal("packetcapture: --duration and --count: give one of them, not both", Assert.Single(stops.ErrorLines));
    }

    [Fact]
    public async Task Bad_filters_file_names_the_flag_the_file_and_the_problem()
    {
        var filters = TempFile("- protocol: FOO\n");

        var invalid = await CliProcess.RunAsync(null, "capture", "-i", "lo", "--dir", _dir, "--filters-file", filters, "--duration", "1");
        var missing = await CliProcess.RunAsync(null, "capture", "-i", "lo", "--dir", _dir, "--filters-file", filters + ".missing", "--duration", "1");

        Assert.Equal(1, invalid.ExitCode);
        var line = Assert.Single(invalid.ErrorLines);
        Assert.StartsWith($"packetcapture: --filters-file {filters}: filters[0].protocol", line, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal($"packetcapture: --filters-file {filters}.missing: no such file", Assert.Single(missing.ErrorLines));
    }

    [Fact]
    public async Task A_run_ends_on_its_duration_and_prints_one_json_line_of_counters()
    {
        // SCTP port 1 never occurs on lo here, so nothing is written; the point is the lifecycle.
        var result = await CliProcess.RunAsync(null, "capture", "-i", "lo", "--dir", _dir, "--bpf-from-spec", TempFile(Spec), "--duration", "0.3");

        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(Assert.Single(result.OutputLines)).RootElement;
        Assert.Equal(
            ["received", "dropped", "ifDropped", "written", "bytes", "files"],
            json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, json.GetProperty("written").GetInt64());
        Assert.True(Directory.Exists(Path.Combine(_dir, "shop", "web-capture")), "the spec's namespace and name choose the directory");
    }

    [Fact]
    public async Task A_termination_signal_stops_the_capture_cleanly()
    {
        // SIGTERM takes the same path as Ctrl-C (SIGINT): System.CommandLine cancels the action.
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "packetcapture.dll"), "capture", "-i", "lo", "--dir", _dir, "--bpf-from-spec", TempFile(Spec) })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ready = await process.StandardError.ReadLineAsync(timeout.Token);
        Assert.StartsWith("packetcapture: capturing on lo", ready, StringComparison.Ordinal);

        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(timeout.Token);
        }

        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(0, JsonDocument.Parse(output.Trim()).RootElement.GetProperty("dropped").GetInt64());
    }

    private string TempFile(string content)
    {
        var path = CliProcess.TempFile(content);
        _files.Add(path);
        return path;
    }
}
