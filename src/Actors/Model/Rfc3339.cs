using System.Globalization;
using System.Text.RegularExpressions;

namespace PacketCapture.Actors.Model;

/// <summary>Strict RFC 3339 times, read and written the way Kubernetes does.</summary>
public static partial class Rfc3339
{
    /// <summary>Parses a full RFC 3339 date-time (a date alone, or no offset, is refused).</summary>
    public static bool TryParse(string text, out DateTimeOffset time)
    {
        time = default;
        return Shape().IsMatch(text) &&
               DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    /// <summary>Formats with <c>Z</c> for UTC and fractional seconds only when present.</summary>
    public static string Format(DateTimeOffset time)
    {
        var fraction = time.Ticks % TimeSpan.TicksPerSecond == 0 ? "" : ".FFFFFFF";
        return time.Offset == TimeSpan.Zero
            ? time.UtcDateTime.ToString($"yyyy-MM-dd'T'HH:mm:ss{fraction}'Z'", CultureInfo.InvariantCulture)
            : time.ToString($"yyyy-MM-dd'T'HH:mm:ss{fraction}zzz", CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Shape();
}
