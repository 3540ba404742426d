using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PacketCapture.TestSupport;

/// <summary>
/// A real PostgreSQL 15 from the machine's binaries (<see cref="BinDirectory"/>), run as the
/// <c>postgres</c> user (initdb refuses root) on 127.0.0.1 and a free port, with its data and unix
/// socket in a temporary directory. <see cref="StopAsync"/> and <see cref="StartAsync"/> restart it
/// on the same data (an outage under a running cluster); <see cref="DisposeAsync"/> stops it and
/// removes the directory, also after a failed start.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>Where the PostgreSQL 15 server binaries are (<c>scripts/ensure-deps --tests</c> installs them).</summary>
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private const string Superuser = "postgres";
    private const int CommandTimeoutMs = 120_000;

    private readonly string _root;
    private bool _running;

    private PostgresServer(string root, int port, string database)
    {
        _root = root;
        Port = port;
        Database = database;
    }

    /// <summary>The TCP port on 127.0.0.1 (kept across restarts).</summary>
    public int Port { get; }

    /// <summary>The database created for the test.</summary>
    public string Database { get; }

    /// <summary>The data directory (owned by <c>postgres</c>).</summary>
    public string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Npgsql connection string of <see cref="Database"/> over TCP (trust authentication on loopback).</summary>
    public string ConnectionString =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Database = Database,
            Username = Superuser,
            Pooling = false,
            Timeout = 10,
        }.ConnectionString;

    /// <summary>True between a start and a stop.</summary>
    public bool IsRunning => _running;

    /// <summary>initdb in a fresh temp directory, start, create <paramref name="database"/>.</summary>
    /// <exception cref="InvalidOperationException">The binaries are missing or a step failed; nothing is left behind.</exception>
    public static async Task<PostgresServer> StartNewAsync(string database = "packetcapture")
    {
        if (!File.Exists(Path.Combine(BinDirectory, "postgres")))
        {
            throw new InvalidOperationException($"{BinDirectory}/postgres is missing: run scripts/ensure-deps --tests");
        }

        var root = Directory.CreateTempSubdirectory("pc-pg-").FullName;
        var server = new PostgresServer(root, FreePort(), database);
        try
        {
            // The postgres user must reach its data through the temp directory.
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                       UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            Directory.CreateDirectory(server.DataDirectory);
            Directory.CreateDirectory(server.SocketDirectory);
            Shell.RunWithStatus("chown", [$"{Superuser}:", server.DataDirectory, server.SocketDirectory], check: true);
            AsPostgres("initdb", ["-D", server.DataDirectory, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
            await server.StartAsync().ConfigureAwait(false);
            await using var connection = await server.OpenAsync("postgres").ConfigureAwait(false);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts the server on its data directory and waits until it accepts connections.</summary>
    public Task StartAsync()
    {
        var options = $"-c listen_addresses=127.0.0.1 -p {Port} -k {SocketDirectory} -c fsync=off -c max_connections=200";
        AsPostgres("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-o", options, "-w", "-t", "60", "start"]);
        _running = true;
        return Task.CompletedTask;
    }

    /// <summary>Stops the server (fast: open connections are cut), keeping the data.</summary>
    public Task StopAsync()
    {
        AsPostgres("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"]);
        _running = false;
        return Task.CompletedTask;
    }

    /// <summary>An open connection to <paramref name="database"/> (default: <see cref="Database"/>).</summary>
    public async Task<NpgsqlConnection> OpenAsync(string? database = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database ?? Database };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        return connection;
    }

    /// <summary>Runs a scalar query on <see cref="Database"/>.</summary>
    public async Task<T?> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await command.ExecuteScalarAsync().ConfigureAwait(false);
        return result is null or DBNull ? default : (T)result;
    }

    /// <summary>Stops the server whatever its state (immediate shutdown) and removes the temp directory.</summary>
    public ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                Shell.RunWithStatus("runuser", ["-u", Superuser, "--", Path.Combine(BinDirectory, "pg_ctl"), "-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"],
                    timeoutMs: CommandTimeoutMs);
            }
        }
        finally
        {
            _running = false;
            Directory.Delete(_root, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private string SocketDirectory => Path.Combine(_root, "socket");

    private string LogFile => Path.Combine(SocketDirectory, "server.log");

    private static void AsPostgres(string tool, IReadOnlyList<string> arguments)
    {
        var (code, output, error) = Shell.RunWithStatus("runuser", ["-u", Superuser, "--", Path.Combine(BinDirectory, tool), .. arguments],
            timeoutMs: CommandTimeoutMs);
        if (code != 0)
        {
            throw new InvalidOperationException($"{tool} exited {code}: {error.Trim()} {output.Trim()}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
