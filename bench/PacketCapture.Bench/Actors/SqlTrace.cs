using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using LinqToDB.Data;

namespace PacketCapture.Bench.Actors;

/// <summary>
/// PC_BENCH_SQL_TRACE=1: counts the SQL statements the persistence plugins run during a scenario
/// (through linq2db's global trace hook) and their summed execution time, by kind. Counts do not
/// depend on how loaded the machine is, unlike latencies, so they show what a change removed.
/// </summary>
internal static class SqlTrace
{
    private static readonly ConcurrentDictionary<string, Tally> Tallies = new(StringComparer.Ordinal);

    // PC_BENCH_SQL_SAMPLE=1 also prints the first statement of each kind, to see what a kind is.
    private static readonly ConcurrentDictionary<string, int> Samples = new(StringComparer.Ordinal);

    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("PC_BENCH_SQL_TRACE") == "1";

    public static void Start()
    {
        if (!Enabled)
        {
            return;
        }

        Tallies.Clear();
        DataConnection.TurnTraceSwitchOn(TraceLevel.Info);
        DataConnection.WriteTraceLine = (_, _, _) => { };
        DataConnection.DefaultOnTraceConnection = info =>
        {
            if (info.TraceInfoStep is not (TraceInfoStep.AfterExecute or TraceInfoStep.Error))
            {
                return;
            }

            var tally = Tallies.GetOrAdd(Kind(info), _ => new Tally());
            Interlocked.Increment(ref tally.Count);
            Interlocked.Add(ref tally.Ticks, info.ExecutionTime?.Ticks ?? 0);
            if (info.TraceInfoStep == TraceInfoStep.Error)
            {
                Interlocked.Increment(ref tally.Errors);
            }
        };
    }

    /// <summary>Forgets what was counted so far (the warm-up's statements).</summary>
    public static void Reset() => Tallies.Clear();

    /// <summary>One line per kind: count, summed and mean execution time.</summary>
    public static string Report()
    {
        if (!Enabled)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var (kind, tally) in Tallies.OrderByDescending(t => t.Value.Ticks))
        {
            var ms = TimeSpan.FromTicks(tally.Ticks).TotalMilliseconds;
            text.AppendLine($"  sql {kind}: {tally.Count} statements, {tally.Errors} errors, {Stats.F(ms)} ms summed, {ms / Math.Max(1, tally.Count):0.00} ms each");
        }

        return text.ToString();
    }

    private static string Kind(TraceInfo info)
    {
        // linq2db starts each statement with a "-- provider" comment line and parameter declarations.
        var lines = (info.SqlText ?? info.CommandText ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("--", StringComparison.Ordinal) && !l.StartsWith("DECLARE", StringComparison.OrdinalIgnoreCase) && !l.StartsWith("SET", StringComparison.OrdinalIgnoreCase))
            .ToArray();
        var first = lines.Length == 0 ? "" : lines[0].Split(' ', 2)[0].ToUpperInvariant();
        var table = string.Join(' ', lines).Contains("snapshot", StringComparison.OrdinalIgnoreCase) ? "snapshot" : "journal";
        if (Environment.GetEnvironmentVariable("PC_BENCH_SQL_SAMPLE") == "1" && Samples.TryAdd($"{info.Operation} {first} {table}", 0))
        {
            Console.WriteLine($"sample {info.Operation}:\n{info.SqlText}");
        }

        // An INSERT lists its columns in one parenthesised block, then one block per row.
        var rows = first == "INSERT" ? $" ({lines.Count(l => l.StartsWith('(')) - 1} rows)" : "";
        return $"{info.Operation} {first} {table}{rows}";
    }

    private sealed class Tally
    {
        public long Count;
        public long Ticks;
        public long Errors;
    }
}
