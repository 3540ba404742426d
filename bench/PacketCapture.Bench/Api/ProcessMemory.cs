namespace PacketCapture.Bench.Api;

/// <summary>A process's resident set from <c>/proc/PID/status</c>: VmRSS now and VmHWM (its peak so far), in bytes.</summary>
internal readonly record struct ProcessMemory(long Rss, long HighWater)
{
    public static ProcessMemory Read(int processId)
    {
        long rss = 0, hwm = 0;
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kilobytes(line);
            }
        }

        return new ProcessMemory(rss, hwm);
    }

    // "VmRSS:	  123456 kB"
    private static long Kilobytes(string line) =>
        1024 * long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Samples a process's VmRSS every 50 ms until disposed; keeps the peak.</summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peak;
    private int _samples;

    public RssSampler(int processId)
    {
        _peak = ProcessMemory.Read(processId).Rss;
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                var rss = ProcessMemory.Read(processId).Rss;
                _samples++;
                if (rss > _peak)
                {
                    _peak = rss;
                }
            }
        });
    }

    public long Peak => _peak;

    public int Samples => _samples;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The way the loop ends.
        }

        _stop.Dispose();
    }
}
