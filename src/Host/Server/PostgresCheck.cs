using Npgsql;

namespace PacketCapture.Host.Server;

/// <summary>Checks at start that a PostgreSQL connection string parses and the database answers, so a
/// wrong or unreachable database is one line and a non-zero exit instead of a member whose journal fails.</summary>
internal static class PostgresCheck
{
    private const int TimeoutSeconds = 10;

    /// <exception cref="ServerStartException">The string is malformed, or the server refuses or does not answer.</exception>
    public static void EnsureReachable(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException or InvalidCastException)
        {
            // The message names the keyword, never the value: it may hold a password.
            throw new ServerStartException($"--postgres: not a PostgreSQL connection string: {FirstLine(e.Message)}", e);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ServerStartException("--postgres: the connection string names no Host");
        }

        // Where, without the password: enough for the operator to see which database was meant.
        var where = $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username ?? "?"}";
        var probe = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false, Timeout = TimeoutSeconds };
        try
        {
            using var connection = new NpgsqlConnection(probe.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand("SELECT 1", connection);
            command.ExecuteScalar();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException or TimeoutException)
        {
            throw new ServerStartException($"--postgres: cannot use PostgreSQL at {where}: {FirstLine(e.Message)}", e);
        }
    }

    private static string FirstLine(string message) =>
        message.Split('\n', 2)[0].Trim().TrimEnd('.');
}
