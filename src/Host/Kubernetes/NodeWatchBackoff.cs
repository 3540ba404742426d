namespace PacketCapture.Host.Kubernetes;

/// <summary>
/// How long to wait before the next attempt after <c>failures</c> consecutive failures: doubling
/// from <see cref="First"/> up to <see cref="Max"/>, with up to half of it as random jitter so the
/// members of a DaemonSet do not reconnect to a recovering API server in step. Pure: the random
/// draw is a parameter.
/// </summary>
/// <param name="First">The wait after the first failure.</param>
/// <param name="Max">The longest wait.</param>
public sealed record NodeWatchBackoff(TimeSpan First, TimeSpan Max)
{
    /// <summary>1 s doubling to 30 s.</summary>
    public static NodeWatchBackoff Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    /// <summary>The wait after <paramref name="failures"/> (≥ 1) failures in a row; <paramref name="random"/> is in [0, 1).</summary>
    public TimeSpan Delay(int failures, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        var exponent = Math.Min(failures - 1, 30);
        var full = Math.Min(First.TotalMilliseconds * Math.Pow(2, exponent), Max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(full * (0.5 + (Math.Clamp(random, 0, 1) / 2)));
    }
}
