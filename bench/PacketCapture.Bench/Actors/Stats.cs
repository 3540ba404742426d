using System.Diagnostics;
using System.Globalization;

namespace PacketCapture.Bench.Actors;

/// <summary>Nearest-rank percentiles of a sample of milliseconds.</summary>
internal sealed class Stats
{
    private readonly double[] _sorted;

    public Stats(IEnumerable<double> milliseconds)
    {
        _sorted = [.. milliseconds.Order()];
        if (_sorted.Length == 0)
        {
            throw new ArgumentException("no samples", nameof(milliseconds));
        }
    }

    public int Count => _sorted.Length;

    public double Min => _sorted[0];

    public double Max => _sorted[^1];

    public double Median => P(0.5);

    public double P(double p) => _sorted[Math.Clamp((int)Math.Ceiling(p * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    public static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    public static string F(double value) => value.ToString(value >= 1000 ? "N0" : "0.0", CultureInfo.InvariantCulture);
}
