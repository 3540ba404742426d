using System.Text.Json;
using Npgsql;

namespace PacketCapture.Server.Tests.Resilience;

/// <summary>One spec the journal holds for a capture: the generation and selector of a
/// <c>cap-created.v1</c> or <c>cap-spec-changed.v1</c> row.</summary>
internal sealed record JournalSpec(long SequenceNr, long Generation, string Selector);

/// <summary>Reads what the PostgreSQL journal table really holds: the ground truth an acknowledged command is checked against.</summary>
internal static class JournalSpecs
{
    /// <summary>Every stream's sequence numbers, and the specs among its events, by persistence id.</summary>
    public static async Task<Dictionary<string, (List<long> Sequence, List<JournalSpec> Specs)>> ReadAsync(PostgresServer postgres)
    {
        await using var connection = await postgres.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT persistence_id, sequence_number, manifest, convert_from(message, 'UTF8') FROM journal " +
            "WHERE persistence_id LIKE 'packetcapture/%' ORDER BY persistence_id, sequence_number", connection);
        var streams = new Dictionary<string, (List<long> Sequence, List<JournalSpec> Specs)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = reader.GetString(0);
            if (!streams.TryGetValue(id, out var stream))
            {
                stream = ([], []);
                streams[id] = stream;
            }

            var sequenceNr = reader.GetInt64(1);
            stream.Sequence.Add(sequenceNr);
            if (reader.GetString(2) is "cap-created.v1" or "cap-spec-changed.v1")
            {
                using var json = JsonDocument.Parse(reader.GetString(3));
                var root = json.RootElement;
                stream.Specs.Add(new JournalSpec(sequenceNr, root.GetProperty("generation").GetInt64(),
                    root.GetProperty("resource").GetProperty("spec").GetProperty("selector").GetString()!));
            }
        }

        return streams;
    }

    public static string PersistenceIdOf(string name) => $"packetcapture/{PostgresMember.Namespace}/{name}";
}
