using PacketCapture.Actors.Model;
using PacketCapture.Server.Tests.EndToEnd;
using PacketCapture.Server.Tests.Server;

namespace PacketCapture.Server.Tests.Cluster;

/// <summary><c>serve --journal postgres</c>: one member on a real PostgreSQL, and the one-line refusals of wrong cluster options.</summary>
public sealed class PostgresServeTests : IAsyncLifetime
{
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

    private readonly TempDirectory _temp = new();
    private PostgresServer _postgres = null!;

    public async Task InitializeAsync() => _postgres = await PostgresServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task A_capture_on_postgres_survives_a_restart_of_the_member_and_no_sqlite_file_is_made()
    {
        using var network = new VethNetwork();
        var web = network.CreateLink();
        var data = _temp.File("data");
        var port = ClusterMember.FreePort();
        var active = Path.Combine(data, "pcap", "shop", "web", $"web-1_{web.HostInterface}.pcap");

        using var member = ClusterMember.Start(data, "pg-node", _postgres.ConnectionString, port, []);
        member.LabelPod(web, "shop", "web-1", "web");
        var applied = await member.CliWithInput(Capture, "apply", "-f", "-");
        Assert.True(applied.ExitCode == 0, applied.ToString());
        await member.WaitForAsync("shop", "web", r => Entry(r, "pg-node")?.State == CaptureState.WaitingForTraffic, "the capture to wait for traffic");
        Assert.Equal(10, network.Send(web, "udp", 10, 7777));
        Poll.Until(() => File.Exists(active) && NetnsCaptureTests.CountOrZero(active) == 10, "10 packets in the file", 30_000);
        var before = await JournalRows(_postgres, "packetcapture/shop/web");
        Assert.NotEmpty(before);

        member.Kill();
        member.Restart();

        // No command: the entity comes back from PostgreSQL, the node captures again.
        var resumed = await member.WaitForAsync("shop", "web",
            r => Entry(r, "pg-node")?.State is CaptureState.WaitingForTraffic or CaptureState.Capturing, "the capture to resume");
        Assert.Equal(1, resumed.Metadata.Generation);

        // The recovered status still says what the killed process last reported; the new process captures once its socket is open.
        Poll.Until(() => member.IsCapturingOn(web.HostInterface), "the restarted member to capture again", 60_000);
        ClusterMember.ProbeUntilCaptured(network, web, 7777, active);
        Assert.Equal(10, network.Send(web, "udp", 10, 7777, firstSeq: 10));
        Poll.Until(() => ClusterMember.WithoutProbes(active).Count() == 20, "20 packets in the file", 30_000);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), ClusterMember.WithoutProbes(active));

        var after = await JournalRows(_postgres, "packetcapture/shop/web");
        Assert.Equal(before, after.Take(before.Count));
        Assert.False(File.Exists(Path.Combine(data, "packetcapture.db")), "no SQLite journal with --journal postgres");
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_is_one_line_and_creates_nothing()
    {
        var data = _temp.File("none");
        using var serve = ServeProcess.Start("--data-dir", data, "--listen", "127.0.0.1:0", "--journal", "postgres");

        Assert.Equal(1, await serve.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var error = Assert.Single(serve.Errors);
        Assert.StartsWith("packetcapture: --postgres: a PostgreSQL connection string is required", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data));
    }

    [Fact]
    public async Task An_unreachable_postgres_is_one_line_naming_where_without_the_password()
    {
        var port = ClusterMember.FreePort();
        var data = _temp.File("unreachable");
        using var serve = ServeProcess.Start("--data-dir", data, "--listen", "127.0.0.1:0",
            "--postgres", $"Host=127.0.0.1;Port={port};Database=pc;Username=pc;Password=s3cret-value;Timeout=3");

        Assert.Equal(1, await serve.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var error = Assert.Single(serve.Errors);
        Assert.StartsWith($"packetcapture: --postgres: cannot use PostgreSQL at 127.0.0.1:{port}/pc: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data));
    }

    [Fact]
    public async Task A_wrong_database_is_one_line()
    {
        var wrong = _postgres.ConnectionString.Replace("Database=packetcapture", "Database=nosuchdb", StringComparison.Ordinal);
        using var serve = ServeProcess.Start("--data-dir", _temp.File("wrongdb"), "--listen", "127.0.0.1:0", "--journal", "postgres", "--postgres", wrong);

        Assert.Equal(1, await serve.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var error = Assert.Single(serve.Errors);
        Assert.Contains("--postgres: cannot use PostgreSQL at 127.0.0.1", error, StringComparison.Ordinal);
        Assert.Contains("nosuchdb", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-an-address", "--seed not-an-address: expected akka.tcp://packetcapture@HOST:PORT")]
    [InlineData("akka.tcp://other@127.0.0.1:4053", "--seed akka.tcp://other@127.0.0.1:4053: the actor system is 'packetcapture', not 'other'")]
    public async Task A_wrong_seed_is_one_line_and_creates_nothing(string seed, string message)
    {
        var data = _temp.File("seed");
        using var serve = ServeProcess.Start("--data-dir", data, "--listen", "127.0.0.1:0", "--seed", seed);

        Assert.Equal(1, await serve.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var error = Assert.Single(serve.Errors);
        Assert.Equal($"packetcapture: {message}", error);
        Assert.False(Directory.Exists(data));
    }

    internal static PacketCaptureFiles? Entry(PacketCaptureResource resource, string node) =>
        resource.Status?.Files.FirstOrDefault(f => f.Node == node);

    /// <summary>The journal's rows of one stream: sequence number, manifest and the stored bytes.</summary>
    internal static async Task<List<string>> JournalRows(PostgresServer postgres, string persistenceId)
    {
        await using var connection = await postgres.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT sequence_number, manifest, encode(message, 'hex') FROM journal WHERE persistence_id = @id ORDER BY sequence_number", connection);
        command.Parameters.AddWithValue("id", persistenceId);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetInt64(0)} {reader.GetString(1)} {reader.GetString(2)}");
        }

        return rows;
    }
}
