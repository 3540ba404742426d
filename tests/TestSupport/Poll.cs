namespace PacketCapture.TestSupport;

/// <summary>Waits for a condition with a deadline instead of sleeping a guessed time.</summary>
public static class Poll
{
    public static void Until(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        // SpinWait backs off to yielding and short sleeps itself; the deadline fails the test.
        if (!SpinWait.SpinUntil(condition, timeoutMs))
        {
            Assert.Fail($"timed out after {timeoutMs} ms waiting for {what}");
        }
    }
}
