namespace PacketCapture.Capture.Tests;

public sealed class DiskAdmissionTests
{
    [Fact]
    public void Needs_MaxFilesPlusOneTimesMaxSize() => Assert.Equal(30_000_000, DiskAdmission.NeededBytes(2, 10_000_000));

    [Theory]
    [InlineData(30_000_001, true)]
    [InlineData(30_000_000, false)]
    [InlineData(0, false)]
    public void Admits_OnlyWhenFreeSpaceExceedsTheNeed(long free, bool admitted) =>
        Assert.Equal(admitted, DiskAdmission.Admits(free, 2, 10_000_000));

    [Fact]
    public void HugeLimits_SaturateInsteadOfOverflowing()
    {
        Assert.Equal(long.MaxValue, DiskAdmission.NeededBytes(int.MaxValue, long.MaxValue / 2));
        Assert.False(DiskAdmission.Admits(long.MaxValue, 3, long.MaxValue / 2));
    }

    [Fact]
    public void FreeBytes_IsMeasuredAtTheNearestExistingAncestor()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"pct-missing-{Guid.NewGuid():N}", "a", "b");
        Assert.True(DiskAdmission.FreeBytes(missing) > 0);
        Assert.False(Directory.Exists(missing));
    }
}
