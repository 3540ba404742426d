using Npgsql;

namespace PacketCapture.Server.Tests.Cluster;

/// <summary>The PostgreSQL fixture itself: the cluster tests trust it to start, restart and clean up.</summary>
public sealed class PostgresServerTests
{
    [Fact]
    public async Task A_started_server_accepts_connections_on_loopback_and_keeps_data_across_a_restart()
    {
        await using var server = await PostgresServer.StartNewAsync("fixture");
        Assert.Contains("127.0.0.1", server.ConnectionString, StringComparison.Ordinal);

        await using (var connection = await server.OpenAsync())
        {
            await using var create = new NpgsqlCommand("CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)", connection);
            await create.ExecuteNonQueryAsync();
        }

        await server.StopAsync();
        Assert.False(server.IsRunning);
        await Assert.ThrowsAnyAsync<NpgsqlException>(async () => await server.OpenAsync());

        await server.StartAsync();
        Assert.Equal(42, await server.ScalarAsync<int>("SELECT v FROM kept"));
        Assert.Equal("fixture", await server.ScalarAsync<string>("SELECT current_database()"));
    }

    [Fact]
    public async Task Disposing_stops_the_server_and_removes_its_data()
    {
        var server = await PostgresServer.StartNewAsync();
        var data = server.DataDirectory;
        Assert.True(File.Exists(Path.Combine(data, "postmaster.pid")));

        await server.DisposeAsync();

        Assert.False(Directory.Exists(data));
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());
    }
}
