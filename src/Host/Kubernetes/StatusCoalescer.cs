using PacketCapture.Actors.Captures;

namespace PacketCapture.Host.Kubernetes;

/// <summary>
/// Rate limit of the status writer, without I/O or clock: per capture at most one patch in flight
/// and at most one per <paramref name="interval"/>; while one waits, a newer status replaces it
/// (latest wins); a status equal to the last one written is not sent again. Failed patches come
/// back for a retry after a given time, up to a number of attempts.
/// </summary>
/// <param name="interval">The least time between two patches of one capture.</param>
public sealed class StatusCoalescer(TimeSpan interval)
{
    private readonly Dictionary<CaptureKey, Entry> _entries = [];

    /// <summary>Captures with a patch waiting or in flight.</summary>
    public int Busy => _entries.Values.Count(e => e.Pending is not null || e.InFlight is not null);

    /// <summary>A new status for <paramref name="key"/> (the body of the patch).</summary>
    public void Offer(CaptureKey key, string patch)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(patch);
        var entry = EntryOf(key);
        if (entry.Pending is null && (entry.InFlight ?? entry.LastWritten) == patch)
        {
            return;
        }

        if (entry.Pending != patch)
        {
            entry.Attempts = 0;
        }

        entry.Pending = patch;
    }

    /// <summary>The patches to send now; each is in flight until <see cref="Succeeded"/>, <see cref="Failed"/> or <see cref="Forget"/>.</summary>
    public IReadOnlyList<(CaptureKey Key, string Patch)> TakeDue(DateTimeOffset now)
    {
        var due = new List<(CaptureKey, string)>();
        foreach (var (key, entry) in _entries)
        {
            if (entry.InFlight is null && entry.Pending is { } patch && now >= DueAt(entry))
            {
                entry.InFlight = patch;
                entry.Pending = null;
                entry.SentAt = now;
                due.Add((key, patch));
            }
        }

        return due;
    }

    /// <summary>When the next waiting patch is due, or null when none waits.</summary>
    public DateTimeOffset? NextDue()
    {
        DateTimeOffset? next = null;
        foreach (var entry in _entries.Values.Where(e => e.InFlight is null && e.Pending is not null))
        {
            var at = DueAt(entry);
            next = next is null || at < next ? at : next;
        }

        return next;
    }

    /// <summary>The patch in flight was written.</summary>
    public void Succeeded(CaptureKey key)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.InFlight is { } patch)
        {
            entry.LastWritten = patch;
            entry.InFlight = null;
            entry.Attempts = 0;
        }
    }

    /// <summary>The patch in flight failed. With <paramref name="retry"/> it is tried again from
    /// <paramref name="notBefore"/> unless a newer status waits or <paramref name="maxAttempts"/> are used up.</summary>
    /// <returns>True when the patch is given up.</returns>
    public bool Failed(CaptureKey key, bool retry, DateTimeOffset notBefore, int maxAttempts)
    {
        if (!_entries.TryGetValue(key, out var entry) || entry.InFlight is not { } patch)
        {
            return false;
        }

        entry.InFlight = null;
        entry.Attempts++;
        if (entry.Pending is not null)
        {
            // A newer status waits: it is what should be written next anyway.
            entry.Attempts = 0;
            return false;
        }

        if (!retry || entry.Attempts >= maxAttempts)
        {
            entry.Attempts = 0;
            return true;
        }

        entry.Pending = patch;
        entry.NotBefore = notBefore;
        return false;
    }

    /// <summary>The patch in flight found no resource (404): it is dropped, not retried; a newer status
    /// that came meanwhile still goes (the resource may have been made again).</summary>
    public void Dropped(CaptureKey key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return;
        }

        entry.InFlight = null;
        entry.Attempts = 0;
        if (entry.Pending is null)
        {
            _entries.Remove(key);
        }
    }

    /// <summary>How many attempts the waiting patch of <paramref name="key"/> has used.</summary>
    public int AttemptsOf(CaptureKey key) => _entries.TryGetValue(key, out var entry) ? entry.Attempts : 0;

    /// <summary>Stops writing the capture (its CR is gone, or the capture was deleted).</summary>
    public void Forget(CaptureKey key) => _entries.Remove(key);

    private DateTimeOffset DueAt(Entry entry)
    {
        var byInterval = entry.SentAt == DateTimeOffset.MinValue ? DateTimeOffset.MinValue : entry.SentAt + interval;
        return byInterval > entry.NotBefore ? byInterval : entry.NotBefore;
    }

    private Entry EntryOf(CaptureKey key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            entry = new Entry();
            _entries[key] = entry;
        }

        return entry;
    }

    private sealed class Entry
    {
        public string? Pending { get; set; }

        public string? InFlight { get; set; }

        public string? LastWritten { get; set; }

        public DateTimeOffset SentAt { get; set; } = DateTimeOffset.MinValue;

        public DateTimeOffset NotBefore { get; set; } = DateTimeOffset.MinValue;

        public int Attempts { get; set; }
    }
}
