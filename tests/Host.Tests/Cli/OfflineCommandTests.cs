using System.Text.Json;
using Xunit;

namespace PacketCapture.Host.Tests.Cli;

/// <summary>The offline commands through the real binary: output, exit codes, one-line errors.</summary>
public sealed class OfflineCommandTests : IDisposable
{
    // The README's "run it" file: the two sample documents of SPEC.md §1.
    private static readonly string SamplesPath = Path.Combine(RepositoryRoot(), "k8s", "examples", "sample-captures.yaml");
    private static readonly string Samples = System.IO.File.ReadAllText(SamplesPath);

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !System.IO.File.Exists(Path.Combine(directory.FullName, "PacketCapture.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("PacketCapture.sln not found above the test binaries");
    }

    private readonly List<string> _files = [];

    private string File(string content, string extension = ".yaml")
    {
        var path = CliProcess.TempFile(content, extension);
        _files.Add(path);
        return path;
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            System.IO.File.Delete(file);
        }
    }

    [Fact]
    public async Task Validate_prints_one_line_per_valid_document_and_exits_0()
    {
        var result = await CliProcess.RunAsync(null, "validate", "-f", SamplesPath);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["valid: sample-namespace/sample-capture", "valid: sample-namespace/sample-capture"], result.OutputLines);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task Validate_reads_stdin_with_dash()
    {
        var result = await CliProcess.RunAsync(Samples, "validate", "-f", "-");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, result.OutputLines.Length);
    }

    [Fact]
    public async Task Validate_exits_1_with_every_error_naming_file_document_and_field()
    {
        var bad = Samples.Replace("- 80", "- http\n        - '80-90'", StringComparison.Ordinal).Replace("name: sample-capture\n  namespace: sample-namespace\nspec:\n  selector: all()", "name: Bad_Name\n  namespace: sample-namespace\nspec:\n  selector: all()", StringComparison.Ordinal);
        var path = File(bad);

        var result = await CliProcess.RunAsync(null, "validate", "-f", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [
                $"{path}: sample-namespace/sample-capture: spec.filters[0].ports[0]: PacketCapture accepts only numerical ports; \"http\" is a named port",
                $"{path}: sample-namespace/sample-capture: spec.filters[0].ports[1]: \"80-90\" is not a port range; write a range as \"80:90\"",
            ],
            result.ErrorLines.Take(2));
        Assert.Contains(result.ErrorLines, l => l.StartsWith($"{path}: sample-namespace/Bad_Name: metadata.name: \"Bad_Name\" is not a valid name", StringComparison.Ordinal));
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("", "holds no document")]
    [InlineData("a: [1\n", "not valid YAML")]
    public async Task Unreadable_input_is_one_line_and_exit_1(string content, string message)
    {
        var path = File(content);

        var result = await CliProcess.RunAsync(null, "validate", "-f", path);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"packetcapture: {path}: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_file_is_one_line_without_stack_trace()
    {
        var result = await CliProcess.RunAsync(null, "validate", "-f", "/nonexistent/capture.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["packetcapture: /nonexistent/capture.yaml: no such file"], result.ErrorLines);
    }

    [Fact]
    public async Task Binary_file_is_refused_as_not_text()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pc-cli-{Guid.NewGuid():N}.bin");
        await System.IO.File.WriteAllBytesAsync(path, [0xff, 0xfe, 0x00, 0x81, 0xc3]);
        _files.Add(path);

        var result = await CliProcess.RunAsync(null, "validate", "-f", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"packetcapture: {path}: not UTF-8 text (is it a binary file?)"], result.ErrorLines);
    }

    [Fact]
    public async Task Oversized_stdin_is_refused()
    {
        var result = await CliProcess.RunAsync(new string('#', 2 * 1024 * 1024), "validate", "-f", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["packetcapture: <stdin>: larger than 1024 KiB; a PacketCapture document is far smaller"], result.ErrorLines);
    }

    [Fact]
    public async Task Explain_json_has_the_documented_fields()
    {
        var result = await CliProcess.RunAsync(null, "explain", "-f", SamplesPath, "-o", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var first = json.RootElement[0];
        Assert.Equal("sample-namespace", first.GetProperty("namespace").GetString());
        Assert.Equal("sample-capture", first.GetProperty("name").GetString());
        Assert.Equal("k8s-app == \"sample-app\"", first.GetProperty("selector").GetString());
        Assert.Equal("k8s-app == \"sample-app\" && projectcalico.org/namespace == \"sample-namespace\"", first.GetProperty("effectiveSelector").GetString());
        Assert.Equal("(tcp and (port 80))", first.GetProperty("bpfFilter").GetString());
        Assert.Equal("", json.RootElement[1].GetProperty("bpfFilter").GetString());
        Assert.Equal(2, json.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Explain_text_names_each_part()
    {
        var result = await CliProcess.RunAsync(Samples, "explain", "-f", "-");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("  bpf filter:         (tcp and (port 80))", result.OutputLines);
        Assert.Contains("  effective selector: all() && projectcalico.org/namespace == \"sample-namespace\"", result.OutputLines);
    }

    [Fact]
    public async Task Explain_refuses_invalid_documents_and_prints_nothing_else()
    {
        var result = await CliProcess.RunAsync(Samples.Replace("protocol: TCP", "protocol: ICMP", StringComparison.Ordinal), "explain", "-f", "-", "-o", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal(["<stdin>: sample-namespace/sample-capture: spec.filters[0].ports: ports are only allowed with TCP, UDP or SCTP (protocol 6, 17 or 132) or with no protocol; ICMP has no ports"], result.ErrorLines);
    }

    [Fact]
    public async Task Explain_rejects_an_unknown_output_format()
    {
        var result = await CliProcess.RunAsync(Samples, "explain", "-f", "-", "-o", "xml");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("xml", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Selector_eval_answers_each_line_and_survives_bad_ones()
    {
        var input = string.Join('\n',
            """{"selector": "app == 'web'", "labels": {"app": "web"}}""",
            """{"selector": "app == 'web'", "labels": {"app": "db"}}""",
            "not json",
            """{"selector": "app ==", "labels": {}}""",
            """{"labels": {}}""",
            "",
            """{"selector": "has(a)", "labels": {"a": 1}}""",
            """[1, 2]""",
            """{"selector": "!has(x)"}""") + "\n";

        var result = await CliProcess.RunAsync(input, "selector", "eval");

        Assert.Equal(0, result.ExitCode);
        var lines = result.OutputLines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(8, lines.Length);
        Assert.True(lines[0].GetProperty("match").GetBoolean());
        Assert.False(lines[1].GetProperty("match").GetBoolean());
        Assert.StartsWith("not valid JSON", lines[2].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("selector: at offset", lines[3].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("\"selector\" is required", lines[4].GetProperty("error").GetString());
        Assert.Equal("labels.a must be a string", lines[5].GetProperty("error").GetString());
        Assert.Contains("JSON object", lines[6].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(lines[7].GetProperty("match").GetBoolean());
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("explain")]
    [InlineData("selector")]
    [InlineData("selector", "eval")]
    public async Task Every_command_has_help(params string[] command)
    {
        var result = await CliProcess.RunAsync(null, [.. command, "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
        Assert.Contains($"packetcapture {string.Join(' ', command)}", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_required_option_is_a_usage_error()
    {
        var result = await CliProcess.RunAsync(null, "validate");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--filename", result.Error, StringComparison.Ordinal);
    }
}
