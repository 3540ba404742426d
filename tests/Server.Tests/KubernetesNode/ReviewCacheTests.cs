using PacketCapture.Host.Kubernetes;

namespace PacketCapture.Server.Tests.KubernetesNode;

public sealed class ReviewCacheTests
{
    private readonly ManualTime _time = new();

    private ReviewCache<bool> Cache(int capacity = 100) =>
        new(capacity, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), allowed => allowed, _time);

    [Fact]
    public async Task A_positive_answer_is_reused_until_its_ttl_passes()
    {
        var cache = Cache();
        var reviews = 0;

        Assert.True(await cache.GetAsync("k", () => Task.FromResult(++reviews > 0)));
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.True(await cache.GetAsync("k", () => Task.FromResult(++reviews > 0)));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await cache.GetAsync("k", () => Task.FromResult(++reviews > 0)));

        Assert.Equal(2, reviews);
    }

    [Fact]
    public async Task A_negative_answer_lives_only_the_negative_ttl()
    {
        var cache = Cache();
        var reviews = 0;

        Assert.False(await cache.GetAsync("k", () => Task.FromResult(++reviews < 0)));
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(await cache.GetAsync("k", () => Task.FromResult(++reviews < 0)));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(await cache.GetAsync("k", () => Task.FromResult(++reviews < 0)));

        Assert.Equal(2, reviews);
    }

    [Fact]
    public async Task A_failed_review_is_not_cached()
    {
        var cache = Cache();

        await Assert.ThrowsAsync<IOException>(() => cache.GetAsync("k", () => Task.FromException<bool>(new IOException("down"))));
        Assert.True(await cache.GetAsync("k", () => Task.FromResult(true)));
    }

    [Fact]
    public async Task Concurrent_requests_share_one_review_in_flight()
    {
        var cache = Cache();
        var reviews = 0;
        var answer = new TaskCompletionSource<bool>();

        var waiting = Enumerable.Range(0, 20).Select(_ => cache.GetAsync("k", () =>
        {
            Interlocked.Increment(ref reviews);
            return answer.Task;
        })).ToList();
        answer.SetResult(true);

        Assert.All(await Task.WhenAll(waiting), Assert.True);
        Assert.Equal(1, reviews);
    }

    [Fact]
    public async Task The_cache_never_holds_more_than_its_capacity()
    {
        var cache = Cache(capacity: 50);

        for (var i = 0; i < 500; i++)
        {
            await cache.GetAsync($"k{i}", () => Task.FromResult(true));
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.InRange(cache.Count, 1, 50);
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
