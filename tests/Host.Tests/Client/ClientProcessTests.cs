using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using PacketCapture.Host.Tests.Cli;
using Xunit;

namespace PacketCapture.Host.Tests.Client;

/// <summary>The real binary as a process: errors that need no server, and the wire protocol against a loopback stand-in.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ClientProcessTests : IAsyncLifetime
{
    private const string Sample = """
        apiVersion: projectcalico.org/v3
        kind: PacketCapture
        metadata:
          name: sample-capture
          namespace: sample-namespace
        spec:
          selector: k8s-app == "sample-app"
          filters:
            - protocol: TCP
              ports:
                - 80
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("pc-client-").FullName;
    private FakeApiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeApiServer.StartAsync();

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
        CliProcess.RunAsync(null, [.. args, "--server", _server.Url, "--token", FakeApiServer.Token, "--client-config", File("")]);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Get_against_a_closed_port_is_one_line_naming_the_url()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";

        var result = await CliProcess.RunAsync(null, "get", "--server", url, "--data-dir", _root);

        Assert.Equal(69, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Equal($"packetcapture: cannot reach the server at {url}: Connection refused (is \"packetcapture serve\" running?)", line);
    }

    [Fact]
    public async Task Get_of_an_unknown_type_is_one_line_before_any_request()
    {
        var result = await Run("get", "foo", "web");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["packetcapture: unknown resource type \"foo\" (use packetcaptures)"], result.ErrorLines);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Apply_of_an_invalid_file_names_the_field_and_sends_nothing()
    {
        var path = File(Sample.Replace("- 80", "- http", StringComparison.Ordinal));

        var result = await Run("apply", "-f", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"packetcapture: {path}: sample-namespace/sample-capture: spec.filters[0].ports[0]: PacketCapture accepts only numerical ports; \"http\" is a named port"], result.ErrorLines);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Apply_creates_then_configures_like_kubectl()
    {
        var path = File(Sample);

        var first = await Run("apply", "-f", path);
        var second = await Run("apply", "-f", path);

        Assert.Equal((0, "packetcapture.projectcalico.org/sample-capture created\n"), (first.ExitCode, first.Output));
        Assert.Equal((0, "packetcapture.projectcalico.org/sample-capture configured\n"), (second.ExitCode, second.Output));
        Assert.Equal(
            ["POST /apis/projectcalico.org/v3/namespaces/sample-namespace/packetcaptures",
             "POST /apis/projectcalico.org/v3/namespaces/sample-namespace/packetcaptures",
             "PUT /apis/projectcalico.org/v3/namespaces/sample-namespace/packetcaptures/sample-capture"],
            _server.Requests);
    }

    [Fact]
    public async Task Apply_puts_documents_without_a_namespace_into_the_flag_namespace()
    {
        var path = File(Sample.Replace("  namespace: sample-namespace\n", "", StringComparison.Ordinal));

        var result = await Run("apply", "-f", path, "-n", "team-a");

        Assert.Equal(0, result.ExitCode);
        Assert.NotNull(_server.Find("team-a/sample-capture"));
    }

    [Fact]
    public async Task Get_lists_a_table_and_yaml_round_trips_through_the_reader()
    {
        _server.Add(SampleCaptures.Web);

        var table = await Run("get", "packetcaptures", "-n", "shop");
        var yaml = await Run("get", "PacketCapture.P/web", "-n", "shop", "-o", "yaml");

        Assert.Equal(0, table.ExitCode);
        Assert.StartsWith("NAME   STATE       NODES   FILES   AGE", table.OutputLines[0], StringComparison.Ordinal);
        Assert.StartsWith("web    Capturing   2       3       ", table.OutputLines[1], StringComparison.Ordinal);
        Assert.Equal(SampleCaptures.Web, SampleCaptures.Read(yaml.Output));
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
        Assert.Equal(["packetcapture: packetcaptures.projectcalico.org \"nope\" not found"], result.ErrorLines);
    }

    [Fact]
    public async Task Unauthorized_adds_a_hint_about_the_token()
    {
        var result = await CliProcess.RunAsync(null, "get", "--server", _server.Url, "--data-dir", _root, "--client-config", File(""));

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("packetcapture: Unauthorized (no token was sent: give --token or PACKETCAPTURE_TOKEN", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_local_admin_token_is_used_when_none_is_given()
    {
        await System.IO.File.WriteAllTextAsync(Path.Combine(_root, "admin-token"), FakeApiServer.Token + "\n");

        var result = await CliProcess.RunAsync(null, "get", "-A", "--server", _server.Url, "--data-dir", _root, "--client-config", File(""));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["No resources found"], result.ErrorLines);
    }

    [Fact]
    public async Task Delete_prints_what_kubectl_prints()
    {
        _server.Add(SampleCaptures.Web);

        var result = await Run("delete", "packetcaptures/web", "-n", "shop");

        Assert.Equal((0, "packetcapture.projectcalico.org/web deleted\n"), (result.ExitCode, result.Output));
        Assert.Null(_server.Find("shop/web"));
    }

    [Fact]
    public async Task Copy_unpacks_every_nodes_files_0640_and_says_so()
    {
        _server.Add(SampleCaptures.Web);
        _server.Zips["shop/web"] = Zip("node-1/a.pcap", "node-2/a.pcap", "node-2/b.pcap");
        var destination = Path.Combine(_root, "out");

        var result = await Run("captured-packets", "copy", "web", "-n", "shop", "-d", destination);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([$"copied 3 files of shop/web into {destination}"], result.OutputLines);
        var files = Directory.EnumerateFiles(destination, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(destination, f)).Order().ToList();
        Assert.Equal(["b.pcap", "node-1/a.pcap", "node-2/a.pcap"], files);
        Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, System.IO.File.GetUnixFileMode(Path.Combine(destination, f))));
    }

    [Fact]
    public async Task Copy_of_a_capture_without_files_says_so_and_succeeds()
    {
        _server.Add(SampleCaptures.Web);

        var result = await Run("captured-packets", "copy", "web", "-n", "shop", "-d", Path.Combine(_root, "out"));

        Assert.Equal((0, "no files for shop/web\n"), (result.ExitCode, result.Output));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root, "out")));
    }

    [Fact]
    public async Task Copy_with_all_namespaces_puts_each_namespace_in_its_own_directory()
    {
        var other = SampleCaptures.Web with { Metadata = SampleCaptures.Web.Metadata with { Namespace = "other" } };
        _server.Add(SampleCaptures.Web);
        _server.Add(other);
        _server.Zips["shop/web"] = Zip("node-1/a.pcap");
        _server.Zips["other/web"] = Zip("node-1/z.pcap");
        var destination = Path.Combine(_root, "out");

        var result = await Run("captured-packets", "copy", "web", "-a", "-d", destination);

        Assert.Equal(0, result.ExitCode);
        Assert.True(System.IO.File.Exists(Path.Combine(destination, "shop", "a.pcap")));
        Assert.True(System.IO.File.Exists(Path.Combine(destination, "other", "z.pcap")));
    }

    [Fact]
    public async Task Clean_before_finished_is_the_servers_refusal_and_after_it_reports_what_went()
    {
        _server.Add(SampleCaptures.Web);

        var refused = await Run("captured-packets", "clean", "web", "-n", "shop");
        _server.Finished["shop/web"] = true;
        var cleaned = await Run("captured-packets", "clean", "web", "-n", "shop");

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(["packetcapture: the files of shop/web can be deleted only when every node is Finished"], refused.ErrorLines);
        Assert.Equal((0, "cleaned 3 files of shop/web on 2 nodes\n"), (cleaned.ExitCode, cleaned.Output));
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
        var result = await Run("describe", "packetcaptures", "../../etc");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("packetcapture: NAME \"../../etc\": ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_bad_config_file_is_one_line_naming_file_and_key()
    {
        var config = File("server: http://x\nsevrer: typo\n");

        var result = await CliProcess.RunAsync(null, "get", "--client-config", config);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"packetcapture: {config}: sevrer: unknown setting", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    private static byte[] Zip(params string[] names)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in names)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write($"packets of {name}");
            }
        }

        return stream.ToArray();
    }
}
