namespace PacketCapture.Host.Kubernetes;

/// <summary>
/// Reuses access-review answers briefly so a burst of requests costs the API server one review:
/// a positive answer lives <c>ttl</c>, a negative one <c>negativeTtl</c>, a failed review not at all
/// (the next request asks again). Concurrent requests for the same key share one review in flight.
/// At most <c>capacity</c> answers are kept: when full, expired ones go first, then the ones closest
/// to expiry. Time comes from <paramref name="time"/>.
/// </summary>
internal sealed class ReviewCache<T>(int capacity, TimeSpan ttl, TimeSpan negativeTtl, Func<T, bool> positive, TimeProvider time)
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>How many answers (or reviews in flight) are kept now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The cached answer for <paramref name="key"/>, or the answer of a new <paramref name="review"/>.</summary>
    public Task<T> GetAsync(string key, Func<Task<T>> review)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(review);
        TaskCompletionSource<T> answer;
        Entry entry;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_entries.TryGetValue(key, out var cached) && cached.Expires > now)
            {
                return cached.Answer.Task;
            }

            if (_entries.Count >= capacity && !_entries.ContainsKey(key))
            {
                Evict(now);
            }

            answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            entry = new Entry(answer, now + ttl);
            _entries[key] = entry;
        }

        _ = CompleteAsync(key, entry, review);
        return answer.Task;
    }

    private async Task CompleteAsync(string key, Entry entry, Func<Task<T>> review)
    {
        try
        {
            var result = await review().ConfigureAwait(false);
            if (!positive(result))
            {
                lock (_gate)
                {
                    if (_entries.TryGetValue(key, out var current) && ReferenceEquals(current.Answer, entry.Answer))
                    {
                        _entries[key] = entry with { Expires = time.GetUtcNow() + negativeTtl };
                    }
                }
            }

            entry.Answer.TrySetResult(result);
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                if (_entries.TryGetValue(key, out var current) && ReferenceEquals(current.Answer, entry.Answer))
                {
                    _entries.Remove(key);
                }
            }

            entry.Answer.TrySetException(e);
        }
    }

    private void Evict(DateTimeOffset now)
    {
        foreach (var key in _entries.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToList())
        {
            _entries.Remove(key);
        }

        // Still full: drop the tenth closest to expiry (at least one), so eviction is not paid on every miss.
        var excess = _entries.Count - capacity + 1;
        if (excess > 0)
        {
            var drop = Math.Max(excess, capacity / 10);
            foreach (var key in _entries.OrderBy(e => e.Value.Expires).Take(drop).Select(e => e.Key).ToList())
            {
                _entries.Remove(key);
            }
        }
    }

    private sealed record Entry(TaskCompletionSource<T> Answer, DateTimeOffset Expires);
}
