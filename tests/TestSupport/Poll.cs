namespace PacketCapture.TestSupport;

/// <summary>Waits for a condition with a deadline instead of sleeping a guessed time.</summary>
public static class Poll
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(200);

    public static void Until(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        // SpinWait backs off to yielding and short sleeps itself; the deadline fails the test.
        if (!SpinWait.SpinUntil(condition, timeoutMs))
        {
            Assert.Fail($"timed out after {timeoutMs} ms waiting for {what}");
        }
    }

    /// <summary>
    /// For conditions that cost an HTTP round trip or a scan of many records: checked every 200 ms
    /// rather than spun on, so the poll does not take the CPU from the processes it waits for
    /// (2 shared cores). The deadline fails the test.
    /// </summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, int timeoutMs)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.ElapsedMilliseconds > timeoutMs)
            {
                Assert.Fail($"timed out after {timeoutMs} ms waiting for {what}");
            }

            // The pace of the check, not a guess at when the condition holds.
            await Task.Delay(CheckInterval);
        }
    }

    /// <summary><see cref="UntilAsync(Func{Task{bool}}, string, int)"/> for a synchronous condition.</summary>
    public static Task UntilAsync(Func<bool> condition, string what, int timeoutMs) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeoutMs);
}
