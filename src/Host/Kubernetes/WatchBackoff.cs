namespace PacketCapture.Host.Kubernetes;

/// <summary>
/// Exponential backoff with jitter for reconnecting to the API server: attempt <c>n</c> (from 0)
/// waits a random time in [d/2, d] where d = min(<see cref="Max"/>, <see cref="Min"/> x 2^n).
/// The random half keeps many members (or many restarts) from reconnecting in step.
/// </summary>
/// <param name="Min">The delay scale of the first attempt.</param>
/// <param name="Max">The cap on any delay.</param>
public sealed record WatchBackoff(TimeSpan Min, TimeSpan Max)
{
    /// <summary>The delay before attempt <paramref name="attempt"/> (0 for the first retry).</summary>
    /// <param name="attempt">How many attempts failed in a row before this one, less one.</param>
    /// <param name="random">The jitter source (a seeded one in tests).</param>
    public TimeSpan Delay(int attempt, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);

        // 2^30 x any sane Min is past any Max: stop doubling there so the ticks never overflow.
        var ceiling = Math.Min(Max.Ticks, Min.Ticks * (1L << Math.Min(attempt, 30)));
        if (ceiling <= 0 || ceiling > Max.Ticks)
        {
            ceiling = Max.Ticks;
        }

        var half = ceiling / 2;
        return TimeSpan.FromTicks(half + (long)(random.NextDouble() * (ceiling - half)));
    }
}
