using System.Collections;
using System.Text;

namespace PacketCapture.Host.Server;

/// <summary>
/// Configuration from environment variables: <c>PC_&lt;PATH&gt;</c> sets the HOCON key whose path,
/// upper-cased, has <c>__</c> for each <c>.</c> and <c>_</c> for each <c>-</c>
/// (<c>PC_PACKETCAPTURE__NODE__MAX_FILES=5</c> sets <c>packetcapture.node.max-files = "5"</c>).
/// Values are always written as quoted strings (HOCON reads them as numbers, durations or
/// booleans where a key wants one), so a value can never inject other keys.
/// </summary>
public static class EnvironmentOverrides
{
    /// <summary>The prefix of every override variable.</summary>
    public const string Prefix = "PC_";

    /// <summary>Variables that are <c>serve</c> options, not configuration paths (read by the command line).</summary>
    public static readonly IReadOnlySet<string> ServeOptions = new HashSet<string>(StringComparer.Ordinal)
    {
        "PC_JOURNAL", "PC_POSTGRES", "PC_SEEDS", "PC_REMOTE_HOST", "PC_REMOTE_PORT",
    };

    /// <summary>The HOCON path a variable sets, or null when the variable is not an override.</summary>
    /// <exception cref="ServerStartException">It starts with <see cref="Prefix"/> but names no valid path.</exception>
    public static string? PathOf(string variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        if (!variable.StartsWith(Prefix, StringComparison.Ordinal) || ServeOptions.Contains(variable))
        {
            return null;
        }

        var segments = variable[Prefix.Length..].Split("__");
        var path = new StringBuilder();
        foreach (var segment in segments)
        {
            if (!IsSegment(segment))
            {
                throw new ServerStartException(
                    $"environment variable {variable}: not a configuration path (PC_ then letters and digits, '__' between keys, single '_' inside a key)");
            }

            if (path.Length > 0)
            {
                path.Append('.');
            }

            path.Append(segment.ToLowerInvariant().Replace('_', '-'));
        }

        return path.ToString();
    }

    /// <summary>HOCON text setting every override among <paramref name="environment"/>, sorted by variable name.</summary>
    /// <exception cref="ServerStartException">A variable names no valid path, or its value cannot be configuration.</exception>
    public static string ToHocon(IEnumerable<KeyValuePair<string, string>> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var text = new StringBuilder();
        foreach (var (variable, value) in environment.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (PathOf(variable) is not { } path)
            {
                continue;
            }

            string quoted;
            try
            {
                quoted = HoconText.Quote(value);
            }
            catch (FormatException e)
            {
                throw new ServerStartException($"environment variable {variable}: value {e.Message}");
            }

            // Each segment is [a-z0-9-] only, so the path needs no quoting.
            text.Append(path).Append(" = ").Append(quoted).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The process environment as name/value pairs.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Current() =>
        Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .Select(e => new KeyValuePair<string, string>((string)e.Key, e.Value as string ?? ""));

    // A key: letters and digits, single underscores (dashes) only between them.
    private static bool IsSegment(string segment) =>
        segment.Length > 0 && char.IsAsciiLetterOrDigit(segment[0]) && char.IsAsciiLetterOrDigit(segment[^1]) &&
        segment.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !segment.Contains("__", StringComparison.Ordinal);
}
