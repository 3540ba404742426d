using System.Net;
using System.Net.Http.Headers;
using PacketCapture.Actors.Nodes;
using PacketCapture.Host.Server;

namespace PacketCapture.Server.Tests.Server;

public sealed class InProcessServerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private ServerOptions Options => new()
    {
        DataDirectory = System.IO.Path.Combine(_temp.Path, "data"),
        Listen = "127.0.0.1:0",
        NodeName = "node-a",
    };

    [Fact]
    public async Task Health_and_readiness_answer_without_a_token()
    {
        await using var server = await PacketCaptureServer.StartAsync(Options, new ChannelEndpointSource());
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var health = await http.GetAsync("/healthz");
        var ready = await http.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok", (await health.Content.ReadAsStringAsync()).Trim());
        Assert.True(ready.StatusCode == HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.NotEqual(0, server.BaseAddress.Port);
        Assert.Equal("node-a", server.Settings.Node.NodeName);
    }

    [Fact]
    public async Task Data_directory_is_owner_only_and_admin_token_is_0600_and_reused_on_restart()
    {
        string first;
        await using (var server = await PacketCaptureServer.StartAsync(Options, new ChannelEndpointSource()))
        {
            first = server.AdminToken;
        }

        var options = Options;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(options.DataDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(options.AdminTokenPath));
        Assert.Equal(first, File.ReadAllText(options.AdminTokenPath).Trim());
        Assert.True(first.Length >= 43, "32 random bytes in base64url");

        await using var again = await PacketCaptureServer.StartAsync(options, new ChannelEndpointSource());
        Assert.Equal(first, again.AdminToken);
    }

    [Fact]
    public async Task Admin_token_file_readable_by_others_is_refused_naming_the_file()
    {
        var options = Options;
        Directory.CreateDirectory(options.DataDirectory);
        File.WriteAllText(options.AdminTokenPath, new string('a', 43));
        File.SetUnixFileMode(options.AdminTokenPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var error = await Assert.ThrowsAsync<ServerStartException>(() => PacketCaptureServer.StartAsync(options, new ChannelEndpointSource()));

        Assert.Contains(options.AdminTokenPath, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(File.Exists(options.JournalPath), "nothing started");
    }

    [Fact]
    public async Task Metrics_need_a_token_and_name_every_family()
    {
        await using var server = await PacketCaptureServer.StartAsync(Options, new ChannelEndpointSource());
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var anonymous = await http.GetAsync("/metrics");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminToken);
        var authorized = await http.SendAsync(request);
        var text = await authorized.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
        Assert.StartsWith("text/plain", authorized.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        foreach (var family in new[]
                 {
                     "packetcapture_captures", "packetcapture_captures_active", "packetcapture_packets_total", "packetcapture_bytes_total",
                     "packetcapture_dropped_packets_total", "packetcapture_interface_dropped_packets_total", "packetcapture_journal_probe_seconds",
                 })
        {
            Assert.Contains($"# TYPE {family} ", text, StringComparison.Ordinal);
        }

        Assert.Contains("packetcapture_member_up 1\n", text, StringComparison.Ordinal);
        Assert.Contains("packetcapture_journal_up 1\n", text, StringComparison.Ordinal);
        Assert.Contains("packetcapture_captures_active 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_completes_and_the_server_no_longer_answers()
    {
        var server = await PacketCaptureServer.StartAsync(Options, new ChannelEndpointSource());
        var address = server.BaseAddress;

        await server.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await server.Stopped.WaitAsync(TimeSpan.FromSeconds(5));

        using var http = new HttpClient { BaseAddress = address };
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/healthz"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("akka {\n  loglevel = INFO\n  cluster {\n")]
    [InlineData("akka.loglevel = \"INFO\n")]
    [InlineData("packetcapture.node.max-files = ]")]
    [InlineData("this is not configuration")]
    [InlineData("a = ${missing}")]
    public async Task A_bad_config_file_fails_in_one_line_naming_it_and_creates_nothing(string? content)
    {
        Directory.CreateDirectory(_temp.Path);
        var file = _temp.File("bad.conf");
        if (content is not null)
        {
            File.WriteAllText(file, content);
        }

        var options = Options with { ConfigFile = file };

        var error = await Assert.ThrowsAsync<ServerStartException>(() => PacketCaptureServer.StartAsync(options, new ChannelEndpointSource()));

        Assert.StartsWith($"--config {file}: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(Directory.Exists(options.DataDirectory));
    }

    [Theory]
    [InlineData("127.0.0.1", "--listen 127.0.0.1:")]
    [InlineData("127.0.0.1:99999", "--listen 127.0.0.1:99999:")]
    [InlineData("example.com:80", "--listen example.com:80:")]
    public async Task A_bad_listen_address_fails_in_one_line_naming_it(string listen, string start)
    {
        var options = Options with { Listen = listen };

        var error = await Assert.ThrowsAsync<ServerStartException>(() => PacketCaptureServer.StartAsync(options, new ChannelEndpointSource()));

        Assert.StartsWith(start, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(options.DataDirectory));
    }

    public void Dispose() => _temp.Dispose();
}
