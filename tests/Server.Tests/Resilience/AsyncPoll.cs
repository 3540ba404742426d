using System.Diagnostics;

namespace PacketCapture.Server.Tests.Resilience;

/// <summary>
/// <see cref="Poll.Until"/> for conditions that cost an HTTP round trip or a scan of thousands of
/// recorded commands: checked every <c>interval</c> rather than spun on, so the poll does not take
/// the CPU from the members it waits for (2 shared cores). The deadline fails the test.
/// </summary>
internal static class AsyncPoll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, int timeoutMs)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.ElapsedMilliseconds > timeoutMs)
            {
                Assert.Fail($"timed out after {timeoutMs} ms waiting for {what}");
            }

            // The pace of the check, not a guess at when the condition holds.
            await Task.Delay(Interval);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, int timeoutMs) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeoutMs);
}
