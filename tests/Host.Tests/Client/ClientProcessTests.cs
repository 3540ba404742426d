using PacketCapture.Actors.Tests.Model;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PacketCapture.Actors.Model;
using PacketCapture.Host.Tests.Cli;
using Xunit;

namespace PacketCapture.Host.Tests.Client;

/// <summary>The real binary as a process: errors that need no server, and every command against the real server.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ClientProcessTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("pc-client-").FullName;
    private RealServer _server = null!;

    public async Task InitializeAsync() => _server = await RealServer.StartAsync(Path.Combine(_root, "data"));

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private string File(string content)
    {
        var path = Path.Combine(_root, $"{Guid.NewGuid():N}.yaml");
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    private Task<CliProcess.Result> Run(params string[] args) =>
        CliProcess.RunAsync(null, [.. args, "--server", _server.Url, "--token", _server.Token, "--client-config", File("")]);

    private Task<CliProcess.Result> RunWithInput(string stdin, params string[] args) =>
        CliProcess.RunAsync(stdin, [.. args, "--server", _server.Url, "--token", _server.Token, "--client-config", File("")]);

    /// <summary>A port nothing listens on: a command that reaches the point of sending a request fails there (exit 69).</summary>
    private static string ClosedUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    private static string Capture(string ns, string name, int udpPort, string? endTime = null) => $"""
        apiVersion: projectcalico.org/v3
        kind: PacketCapture
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          selector: app == "web"
          filters:
            - protocol: UDP
              ports: [{udpPort}]
        {(endTime is null ? "" : $"  endTime: '{endTime}'")}
        """;

    /// <summary>Sends <paramref name="count"/> UDP datagrams to 127.0.0.1:<paramref name="port"/>: loopback only, bounded.</summary>
    private static async Task SendLoopbackAsync(int port, int count)
    {
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        for (var i = 0; i < count; i++)
        {
            await udp.SendAsync(new byte[32], new IPEndPoint(IPAddress.Loopback, port));
        }
    }

    /// <summary>Polls the stored capture until <paramref name="condition"/> holds for its first node, with a deadline.</summary>
    private async Task<PacketCaptureFiles> WaitForNodeAsync(string ns, string name, Func<PacketCaptureFiles, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        // Polls at a fixed cadence (the node reports status every few hundred ms); the deadline decides.
        using var cadence = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (DateTime.UtcNow < deadline)
        {
            var node = (await _server.FindAsync(ns, name))?.Status?.Files.FirstOrDefault();
            if (node is not null && condition(node))
            {
                return node;
            }

            await cadence.WaitForNextTickAsync();
        }

        throw new Xunit.Sdk.XunitException($"timed out after 30 s waiting for {what}");
    }

    /// <summary>A capture of the loopback pod in <paramref name="ns"/> that has written <paramref name="packets"/> packets to its file.</summary>
    private async Task<PacketCaptureFiles> CaptureWithFileAsync(string ns, string name, int port, int packets = 5)
    {
        _server.AddLoopbackPod(ns, "web-1", "web");
        var applied = await RunWithInput(Capture(ns, name, port), "apply", "-f", "-");
        Assert.Equal(0, applied.ExitCode);
        await WaitForNodeAsync(ns, name, n => n.State == CaptureState.WaitingForTraffic, $"{ns}/{name} to wait for traffic");
        await SendLoopbackAsync(port, packets);
        return await WaitForNodeAsync(ns, name, n => n.FileNames.Length == 1, $"{ns}/{name} to list its file");
    }

    [Fact]
    public async Task Get_against_a_closed_port_is_one_line_naming_the_url()
    {
        var url = ClosedUrl();

        var result = await CliProcess.RunAsync(null, "get", "--server", url, "--data-dir", _root);

        Assert.Equal(69, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Equal($"packetcapture: cannot reach the server at {url}: Connection refused (is \"packetcapture serve\" running?)", line);
    }

    [Fact]
    public async Task Get_of_an_unknown_type_is_one_line_before_any_request()
    {
        // Against a closed port: had it sent a request, it would fail reaching the server instead.
        var result = await CliProcess.RunAsync(null, "get", "foo", "web", "--server", ClosedUrl(), "--token", "t", "--client-config", File(""));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["packetcapture: unknown resource type \"foo\" (use packetcaptures)"], result.ErrorLines);
    }

    [Fact]
    public async Task Apply_of_an_invalid_file_names_the_field_and_stores_nothing()
    {
        var path = File(SampleDocuments.First.Replace("- 80", "- http", StringComparison.Ordinal));

        var result = await Run("apply", "-f", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"packetcapture: {path}: sample-namespace/sample-capture: spec.filters[0].ports[0]: PacketCapture accepts only numerical ports; \"http\" is a named port"], result.ErrorLines);
        Assert.Null(await _server.FindAsync("sample-namespace", "sample-capture"));
    }

    [Fact]
    public async Task Apply_creates_then_configures_like_kubectl()
    {
        var path = File(SampleDocuments.First);

        var first = await Run("apply", "-f", path);
        var second = await Run("apply", "-f", File(SampleDocuments.First.Replace("- 80", "- 443", StringComparison.Ordinal)));

        Assert.Equal((0, "packetcapture.projectcalico.org/sample-capture created\n"), (first.ExitCode, first.Output));
        Assert.Equal((0, "packetcapture.projectcalico.org/sample-capture configured\n"), (second.ExitCode, second.Output));
        var stored = await _server.FindAsync("sample-namespace", "sample-capture");
        Assert.Equal("443", Assert.Single(Assert.Single(stored!.Spec.EffectiveFilters).Ports).ToString());
    }

    [Fact]
    public async Task Apply_puts_documents_without_a_namespace_into_the_flag_namespace()
    {
        var path = File(SampleDocuments.First.Replace("  namespace: sample-namespace\n", "", StringComparison.Ordinal));

        var result = await Run("apply", "-f", path, "-n", "team-a");

        Assert.Equal(0, result.ExitCode);
        Assert.NotNull(await _server.FindAsync("team-a", "sample-capture"));
        Assert.Null(await _server.FindAsync("sample-namespace", "sample-capture"));
    }

    [Fact]
    public async Task Get_lists_a_table_and_yaml_round_trips_through_the_reader()
    {
        Assert.Equal(0, (await RunWithInput(SampleCaptures.WebYaml.Split("status:")[0], "apply", "-f", "-")).ExitCode);

        var table = await Run("get", "packetcaptures", "-n", "shop");
        var yaml = await Run("get", "PacketCapture.P/web", "-n", "shop", "-o", "yaml");

        Assert.Equal(0, table.ExitCode);
        Assert.Equal("NAME   STATE               NODES   FILES   AGE", table.OutputLines[0]);
        Assert.Matches(@"^web    WaitingForTraffic   \d       0       \d+s$", table.OutputLines[1]);
        Assert.Equal(0, yaml.ExitCode);
        var read = SampleCaptures.Read(yaml.Output);
        Assert.Equal((SampleCaptures.Web.Metadata.Name, SampleCaptures.Web.Metadata.Namespace), (read.Metadata.Name, read.Metadata.Namespace));
        Assert.Equal(SampleCaptures.Web.Metadata.Labels, read.Metadata.Labels);
        Assert.Equal(SampleCaptures.Web.Spec, read.Spec);
    }

    [Fact]
    public async Task Get_of_an_empty_namespace_says_so_on_stderr()
    {
        var result = await Run("get", "-n", "empty");

        Assert.Equal((0, ""), (result.ExitCode, result.Output));
        Assert.Equal(["No resources found in empty namespace."], result.ErrorLines);
    }

    [Fact]
    public async Task Missing_capture_is_the_servers_message_in_one_line()
    {
        var result = await Run("describe", "nope");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["packetcapture: packetcapture default/nope not found"], result.ErrorLines);
    }

    [Fact]
    public async Task Unauthorized_adds_a_hint_about_the_token()
    {
        var result = await CliProcess.RunAsync(null, "get", "--server", _server.Url, "--data-dir", _root, "--client-config", File(""));

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("packetcapture: a bearer token is required (Authorization: Bearer <token>) (no token was sent: give --token or PACKETCAPTURE_TOKEN", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_local_admin_token_is_used_when_none_is_given()
    {
        var result = await CliProcess.RunAsync(null, "get", "-A", "--server", _server.Url, "--data-dir", _server.DataDirectory, "--client-config", File(""));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["No resources found"], result.ErrorLines);
    }

    [Fact]
    public async Task Delete_prints_what_kubectl_prints()
    {
        Assert.Equal(0, (await Run("apply", "-f", File(SampleDocuments.First))).ExitCode);

        var result = await Run("delete", "packetcaptures/sample-capture", "-n", "sample-namespace");

        Assert.Equal((0, "packetcapture.projectcalico.org/sample-capture deleted\n"), (result.ExitCode, result.Output));
        Assert.Null(await _server.FindAsync("sample-namespace", "sample-capture"));
    }

    [Fact]
    public async Task Copy_unpacks_the_files_0640_and_says_so()
    {
        var node = await CaptureWithFileAsync("shop", "web", 47001);
        var destination = Path.Combine(_root, "out");

        var result = await Run("captured-packets", "copy", "web", "-n", "shop", "-d", destination);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([$"copied 1 file of shop/web into {destination}"], result.OutputLines);
        var files = Directory.EnumerateFiles(destination, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(destination, f)).ToList();
        Assert.Equal(["web-1_lo.pcap"], files);
        Assert.Equal<string>(node.FileNames, files);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, System.IO.File.GetUnixFileMode(Path.Combine(destination, files[0])));

        // A pcap file: the classic magic number, then at least one record after the 24-byte header.
        var bytes = await System.IO.File.ReadAllBytesAsync(Path.Combine(destination, files[0]));
        Assert.True(bytes.Length > 24, $"{bytes.Length} bytes");
        Assert.Equal(0xa1b2c3d4u, BitConverter.ToUInt32(bytes, 0));
    }

    [Fact]
    public async Task Copy_of_a_capture_without_files_says_so_and_succeeds()
    {
        Assert.Equal(0, (await RunWithInput(Capture("shop", "web", 47002), "apply", "-f", "-")).ExitCode);

        var result = await Run("captured-packets", "copy", "web", "-n", "shop", "-d", Path.Combine(_root, "out"));

        Assert.Equal((0, "no files for shop/web\n"), (result.ExitCode, result.Output));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root, "out")));
    }

    [Fact]
    public async Task Copy_with_all_namespaces_puts_each_namespace_in_its_own_directory()
    {
        await CaptureWithFileAsync("shop", "web", 47003);
        await CaptureWithFileAsync("other", "web", 47004);
        var destination = Path.Combine(_root, "out");

        var result = await Run("captured-packets", "copy", "web", "-a", "-d", destination);

        Assert.Equal(0, result.ExitCode);
        Assert.True(System.IO.File.Exists(Path.Combine(destination, "shop", "web-1_lo.pcap")), result.Output);
        Assert.True(System.IO.File.Exists(Path.Combine(destination, "other", "web-1_lo.pcap")), result.Output);
    }

    [Fact]
    public async Task Clean_before_finished_is_the_servers_refusal_and_after_it_reports_what_went()
    {
        await CaptureWithFileAsync("shop", "web", 47005);

        var refused = await Run("captured-packets", "clean", "web", "-n", "shop");
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        Assert.Equal(0, (await RunWithInput(Capture("shop", "web", 47005, now), "apply", "-f", "-")).ExitCode);
        await WaitForNodeAsync("shop", "web", n => n.State == CaptureState.Finished, "shop/web to finish");
        var cleaned = await Run("captured-packets", "clean", "web", "-n", "shop");

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(["packetcapture: files of shop/web can be cleaned only when every node is Finished; node node-1 is Capturing"], refused.ErrorLines);
        Assert.Equal((0, "cleaned 1 file of shop/web on 1 node: files of packetcapture shop/web are being deleted on every node\n"), (cleaned.ExitCode, cleaned.Output));
        await WaitForNodeAsync("shop", "web", n => n.FileNames.IsEmpty, "the files of shop/web to be gone");
    }

    [Fact]
    public async Task Namespace_and_all_namespaces_together_are_refused()
    {
        var result = await Run("get", "-n", "a", "-A");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["packetcapture: --namespace and --all-namespaces: give one of them, not both"], result.ErrorLines);
    }

    [Fact]
    public async Task A_path_like_name_is_refused_before_any_request()
    {
        var result = await CliProcess.RunAsync(null, "describe", "packetcaptures", "../../etc", "--server", ClosedUrl(), "--token", "t", "--client-config", File(""));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("packetcapture: NAME \"../../etc\": ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_config_file_is_one_line_naming_file_and_key()
    {
        var config = File("server: http://x\nsevrer: typo\n");

        var result = await CliProcess.RunAsync(null, "get", "--client-config", config);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"packetcapture: {config}: sevrer: unknown setting", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
