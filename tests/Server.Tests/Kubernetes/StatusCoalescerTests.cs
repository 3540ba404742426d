using PacketCapture.Actors.Captures;
using PacketCapture.Host.Kubernetes;

namespace PacketCapture.Server.Tests.Kubernetes;

public sealed class StatusCoalescerTests
{
    private static readonly CaptureKey A = new("shop", "a");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    [Fact]
    public void First_status_goes_at_once_and_later_ones_wait_for_the_interval_latest_winning()
    {
        var coalescer = new StatusCoalescer(Interval);

        coalescer.Offer(A, "s1");
        var first = coalescer.TakeDue(T0);
        coalescer.Succeeded(A);
        coalescer.Offer(A, "s2");
        coalescer.Offer(A, "s3");
        var early = coalescer.TakeDue(T0.AddSeconds(1));
        var next = coalescer.NextDue();
        var due = coalescer.TakeDue(T0.AddSeconds(2));

        Assert.Equal([(A, "s1")], first);
        Assert.Empty(early);
        Assert.Equal(T0.AddSeconds(2), next);
        Assert.Equal([(A, "s3")], due);
    }

    [Fact]
    public void Status_equal_to_the_last_written_is_not_sent_again()
    {
        var coalescer = new StatusCoalescer(Interval);
        coalescer.Offer(A, "s1");
        coalescer.TakeDue(T0);
        coalescer.Succeeded(A);

        coalescer.Offer(A, "s1");

        Assert.Null(coalescer.NextDue());
        Assert.Empty(coalescer.TakeDue(T0.AddMinutes(1)));
    }

    [Fact]
    public void One_patch_in_flight_per_capture()
    {
        var coalescer = new StatusCoalescer(Interval);
        coalescer.Offer(A, "s1");
        coalescer.TakeDue(T0);

        coalescer.Offer(A, "s2");

        Assert.Empty(coalescer.TakeDue(T0.AddMinutes(1)));
        coalescer.Succeeded(A);
        Assert.Equal([(A, "s2")], coalescer.TakeDue(T0.AddMinutes(1)));
    }

    [Fact]
    public void Failed_patch_is_retried_after_its_backoff_then_given_up_after_the_attempts()
    {
        var coalescer = new StatusCoalescer(Interval);
        coalescer.Offer(A, "s1");
        coalescer.TakeDue(T0);

        var gaveUp1 = coalescer.Failed(A, retry: true, notBefore: T0.AddSeconds(5), maxAttempts: 2);
        var notYet = coalescer.TakeDue(T0.AddSeconds(4));
        var retried = coalescer.TakeDue(T0.AddSeconds(5));
        var gaveUp2 = coalescer.Failed(A, retry: true, notBefore: T0.AddSeconds(10), maxAttempts: 2);

        Assert.False(gaveUp1);
        Assert.Empty(notYet);
        Assert.Equal([(A, "s1")], retried);
        Assert.True(gaveUp2);
        Assert.Empty(coalescer.TakeDue(T0.AddMinutes(1)));
    }

    [Fact]
    public void Not_retryable_failure_is_given_up_at_once_and_a_newer_status_still_goes()
    {
        var coalescer = new StatusCoalescer(Interval);
        coalescer.Offer(A, "s1");
        coalescer.TakeDue(T0);

        var gaveUp = coalescer.Failed(A, retry: false, notBefore: T0, maxAttempts: 5);
        coalescer.Offer(A, "s2");

        Assert.True(gaveUp);
        Assert.Equal([(A, "s2")], coalescer.TakeDue(T0.AddSeconds(2)));
    }

    [Fact]
    public void Forgotten_capture_has_nothing_waiting()
    {
        var coalescer = new StatusCoalescer(Interval);
        coalescer.Offer(A, "s1");

        coalescer.Forget(A);

        Assert.Equal(0, coalescer.Busy);
        Assert.Empty(coalescer.TakeDue(T0));
    }

    [Fact]
    public void Dropped_patch_is_not_retried_but_a_newer_status_still_goes()
    {
        var coalescer = new StatusCoalescer(Interval);
        coalescer.Offer(A, "s1");
        coalescer.TakeDue(T0);
        coalescer.Offer(A, "s2");

        coalescer.Dropped(A);

        Assert.Equal([(A, "s2")], coalescer.TakeDue(T0.AddSeconds(2)));
        coalescer.Dropped(A);
        Assert.Equal(0, coalescer.Busy);
    }
}
