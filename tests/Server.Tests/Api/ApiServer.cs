using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PacketCapture.Actors;
using PacketCapture.Actors.Configuration;
using PacketCapture.Actors.Nodes;
using PacketCapture.Host.Api;
using PacketCapture.Host.Server;

namespace PacketCapture.Server.Tests.Api;

/// <summary>
/// A real one-member cluster on a temporary SQLite journal with real libpcap sessions, and the
/// API on Kestrel at 127.0.0.1:0 in front of it: what the API tests talk to over loopback.
/// </summary>
public sealed class ApiServer : IAsyncLifetime
{
    public const string NodeName = "node-a";
    public const string AdminToken = "admin-token-0123456789";

    /// <summary>alice: everything in team-a; bob: read (and download) in team-b; carol: get anywhere, nothing else.</summary>
    public static readonly IReadOnlyDictionary<string, string> Tokens = new Dictionary<string, string>
    {
        ["admin"] = AdminToken,
        ["alice"] = "alice-token-a1b2c3",
        ["bob"] = "bob-token-d4e5f6",
        ["carol"] = "carol-token-g7h8i9",
    };

    private const string TokenFileText = """
        users:
          - name: alice
            token: "alice-token-a1b2c3"
            rules:
              - namespaces: ["team-a"]
                resources: ["packetcaptures", "packetcaptures/files"]
                verbs: ["get", "list", "create", "update", "delete"]
          - name: bob
            token: "bob-token-d4e5f6"
            rules:
              - namespaces: ["team-b"]
                resources: ["packetcaptures"]
                verbs: ["get", "list"]
              - namespaces: ["team-b"]
                resources: ["packetcaptures/files"]
                verbs: ["get"]
          - name: carol
            token: "carol-token-g7h8i9"
            rules:
              - namespaces: ["*"]
                resources: ["packetcaptures"]
                verbs: ["get"]
        """;

    private ActorSystem? _system;
    private WebApplication? _app;

    public string Root { get; } = Directory.CreateTempSubdirectory("pct-api-").FullName;

    public string CaptureDirectory => Path.Combine(Root, "pcap");

    public string JournalPath => Path.Combine(Root, "packetcapture.db");

    public string TokenFilePath => Path.Combine(Root, "tokens.yaml");

    public IServiceProvider Services => _app!.Services;

    public static string TokenFileTemplate => TokenFileText;

    public ChannelEndpointSource Endpoints { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var tokenFile = TokenFilePath;
        await File.WriteAllTextAsync(tokenFile, TokenFileText);
        var connection = SqliteJournalFile.Prepare(JournalPath);
        var config = ConfigurationFactory.ParseString($"""
            {SqliteJournalFile.Hocon(connection)}
            packetcapture.node.name = "{NodeName}"
            packetcapture.node.capture-dir = "{CaptureDirectory}"
            packetcapture.node.status-report-interval = 100ms
            packetcapture.node.counters-interval = 1s
            akka.loglevel = WARNING
            """).WithFallback(PacketCaptureConfig.Standalone);
        _system = ActorSystem.Create("api", config);
        var cluster = Akka.Cluster.Cluster.Get(_system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var member = CaptureMember.Start(_system, PacketCaptureSettings.FromConfig(config), Endpoints, LibpcapSessionFactory.Instance);
        var captures = new ActorCaptureService(member.Captures, member.Directory, TimeSpan.FromSeconds(10));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<ICaptureService>(captures);
        builder.Services.AddPacketCaptureApi(new ApiOptions
        {
            AdminToken = AdminToken,
            TokenFile = tokenFile,
            CaptureDirectory = CaptureDirectory,
            NodeName = NodeName,
        });
        _app = builder.Build();
        _app.UsePacketCaptureApi();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_system is not null)
        {
            await CoordinatedShutdown.Get(_system).Run(CoordinatedShutdown.ClrExitReason.Instance);
            await _system.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(30));
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory still in use is harmless.
        }
    }

    /// <summary>A client for <paramref name="user"/> (a key of <see cref="Tokens"/>), or with no token when null.</summary>
    public HttpClient Client(string? user = "admin")
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.TryGetValue(user, out var token) ? token : user);
        }

        return client;
    }

    /// <summary>Events of captures in the journal (shard bookkeeping of remembered entities excluded).</summary>
    public long CaptureEvents() => Count("SELECT COUNT(*) FROM journal WHERE persistence_id LIKE 'packetcapture/%'");

    /// <summary>Every row of the journal.</summary>
    public long JournalRows() => Count("SELECT COUNT(*) FROM journal");

    public static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    public static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private long Count(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = JournalPath, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
