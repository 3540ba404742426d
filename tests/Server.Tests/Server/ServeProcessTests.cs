using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace PacketCapture.Server.Tests.Server;

public sealed partial class ServeProcessTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task Serves_until_sigterm_then_exits_0_with_a_sound_journal()
    {
        var data = _temp.File("data");
        using var serve = ServeProcess.Start("--data-dir", data, "--listen", "127.0.0.1:0", "--node", "node-a");

        var line = serve.WaitForOutput("listening on http");
        var address = ListeningOn().Match(line);
        Assert.True(address.Success, line);
        using (var http = new HttpClient { BaseAddress = new Uri(address.Groups[1].Value) })
        {
            Assert.Equal("ok", (await http.GetStringAsync("/healthz")).Trim());
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        }

        Shell.Run("kill", "-TERM", serve.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var exit = await serve.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exit);
        Assert.Empty(serve.Errors);
        using var journal = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(data, "packetcapture.db") }.ToString());
        journal.Open();
        using var check = journal.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", check.ExecuteScalar());
        check.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table'";
        Assert.True((long)check.ExecuteScalar()! > 0, "the journal created its tables");
    }

    [Fact]
    public async Task A_port_in_use_exits_1_with_one_line_naming_the_address()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        using var serve = ServeProcess.Start("--data-dir", _temp.File("data"), "--listen", $"127.0.0.1:{port}");

        var exit = await serve.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exit);
        var error = Assert.Single(serve.Errors);
        Assert.StartsWith("packetcapture: ", error, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--tls-cert", "--tls-cert given without --tls-key")]
    [InlineData("--tls-key", "--tls-key given without --tls-cert")]
    public async Task Tls_needs_both_certificate_and_key(string option, string message)
    {
        using var serve = ServeProcess.Start("--data-dir", _temp.File("data"), "--listen", "127.0.0.1:0", option, _temp.File("x.pem"));

        var exit = await serve.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exit);
        var error = Assert.Single(serve.Errors);
        Assert.StartsWith($"packetcapture: {message}", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.File("data")), "nothing created");
    }

    [Fact]
    public async Task A_bad_config_file_exits_1_with_one_line_naming_it()
    {
        Directory.CreateDirectory(_temp.Path);
        var config = _temp.File("bad.conf");
        File.WriteAllText(config, "akka {\n");
        using var serve = ServeProcess.Start("--data-dir", _temp.File("data"), "--listen", "127.0.0.1:0", "--config", config);

        var exit = await serve.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exit);
        var error = Assert.Single(serve.Errors);
        Assert.StartsWith($"packetcapture: --config {config}: ", error, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)$")]
    private static partial Regex ListeningOn();
}
