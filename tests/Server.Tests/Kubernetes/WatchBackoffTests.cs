using PacketCapture.Host.Kubernetes;

namespace PacketCapture.Server.Tests.Kubernetes;

public sealed class WatchBackoffTests
{
    private static readonly WatchBackoff Backoff = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));

    [Theory]
    [InlineData(0, 250, 500)]
    [InlineData(1, 500, 1000)]
    [InlineData(3, 2000, 4000)]
    [InlineData(6, 15000, 30000)]
    [InlineData(7, 15000, 30000)]
    [InlineData(1000, 15000, 30000)]
    public void Delay_is_between_half_and_all_of_the_doubled_min_capped_at_max(int attempt, int lowMs, int highMs)
    {
        var random = new Random(attempt);
        for (var i = 0; i < 200; i++)
        {
            var delay = Backoff.Delay(attempt, random);
            Assert.InRange(delay.TotalMilliseconds, lowMs, highMs);
        }
    }

    [Fact]
    public void Jitter_spreads_the_delays_of_one_attempt()
    {
        var random = new Random(42);

        var delays = Enumerable.Range(0, 50).Select(_ => Backoff.Delay(4, random)).Distinct().Count();

        Assert.True(delays > 40, $"only {delays} distinct delays out of 50");
    }

    [Fact]
    public void Same_seed_gives_the_same_delays()
    {
        var first = Enumerable.Range(0, 10).Select(i => Backoff.Delay(i, new Random(7)));
        var second = Enumerable.Range(0, 10).Select(i => Backoff.Delay(i, new Random(7)));

        Assert.Equal(first, second);
    }
}
