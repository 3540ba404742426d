using System.Diagnostics;
using System.Globalization;

namespace PacketCapture.Host.Cli.Client;

/// <summary>
/// A progress line on stderr for a large download (bytes so far and the rate), redrawn in
/// place at most a few times a second; silent for small or quick downloads and when
/// stderr is not a terminal (logs and pipes get no carriage returns).
/// </summary>
public sealed class DownloadProgress(TextWriter errors, bool enabled)
{
    /// <summary>A download shows progress once it is this large or has taken <see cref="ShowAfter"/>.</summary>
    public const long ShowFromBytes = 16L * 1024 * 1024;

    /// <summary>Time after which even a slow download shows progress.</summary>
    public static readonly TimeSpan ShowAfter = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(250);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _lastDrawn;
    private bool _shown;

    /// <summary>Reports <paramref name="bytes"/> downloaded so far.</summary>
    public void Report(long bytes)
    {
        var elapsed = _clock.Elapsed;
        if (!enabled || (bytes < ShowFromBytes && elapsed < ShowAfter) || elapsed - _lastDrawn < RedrawEvery)
        {
            return;
        }

        _lastDrawn = elapsed;
        _shown = true;
        errors.Write($"\r{Line(bytes, elapsed)}   ");
        errors.Flush();
    }

    /// <summary>Ends the progress line, if one was drawn, with the final total.</summary>
    public void Finish(long bytes)
    {
        if (_shown)
        {
            errors.WriteLine($"\r{Line(bytes, _clock.Elapsed)}   ");
        }
    }

    /// <summary>The progress text: <c>downloaded 1.5 GiB (112.3 MiB/s)</c>.</summary>
    public static string Line(long bytes, TimeSpan elapsed)
    {
        var rate = elapsed.TotalSeconds > 0 ? bytes / elapsed.TotalSeconds : 0;
        return $"downloaded {Size(bytes)} ({Size((long)rate)}/s)";
    }

    /// <summary>A byte count in binary units with one decimal: <c>512 B</c>, <c>1.5 KiB</c>, <c>3.0 GiB</c>.</summary>
    public static string Size(long bytes)
    {
        string[] units = ["KiB", "MiB", "GiB", "TiB"];
        if (bytes < 1024)
        {
            return $"{bytes} B";
        }

        double value = bytes;
        var unit = -1;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
