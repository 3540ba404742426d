using System.Diagnostics;

namespace PacketCapture.Capture.Tests;

/// <summary>Waits for a condition with a deadline instead of sleeping a guessed time.</summary>
internal static class Poll
{
    public static void Until(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.ElapsedMilliseconds > timeoutMs)
            {
                Assert.Fail($"timed out after {timeoutMs} ms waiting for {what}");
            }

            Thread.Sleep(5);
        }
    }
}
