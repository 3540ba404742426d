using Microsoft.Data.Sqlite;

namespace PacketCapture.Actors.Configuration;

/// <summary>Prepares the embedded default's SQLite journal file before the actor system opens it.</summary>
public static class SqliteJournalFile
{
    /// <summary>
    /// Creates the file (and its directory, owner-only: the journal names every capture and who
    /// made it) and switches it to write-ahead logging, which the journal cannot do itself:
    /// persists then no longer wait for a full sync of the main file (~2× the events/s, STACK.md).
    /// WAL is a property of the file, so this lasts across restarts.
    /// </summary>
    /// <returns>The connection string to put in the journal, snapshot store and read journal.</returns>
    public static string Prepare(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        if (OperatingSystem.IsWindows())
        {
            // Unix file modes are the point here; the product runs on Linux only (libpcap).
            throw new PlatformNotSupportedException("PacketCapture runs on Linux only");
        }

        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var connectionString = new SqliteConnectionStringBuilder { DataSource = full }.ToString();
        using (var connection = new SqliteConnection(connectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
        }

        File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return connectionString;
    }

    /// <summary>HOCON pointing the journal, snapshot store and read journal at <paramref name="connectionString"/>.</summary>
    public static string Hocon(string connectionString)
    {
        var quoted = "\"" + connectionString.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        return $"""
            akka.persistence.journal.sql.connection-string = {quoted}
            akka.persistence.snapshot-store.sql.connection-string = {quoted}
            akka.persistence.query.journal.sql.connection-string = {quoted}
            """;
    }
}
