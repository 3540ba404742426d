using PacketCapture.Actors.Captures;
using Xunit;

namespace PacketCapture.Actors.Tests.Captures;

public sealed class DesiredCapturesTests
{
    [Theory]
    [InlineData("shop", "cap", 2)]
    [InlineData("shop", "other", 16)]
    [InlineData("shop", "cap-2", 29)]
    [InlineData("default", "a", 6)]
    [InlineData("default", "b", 19)]
    [InlineData("team-a", "web", 3)]
    [InlineData("kube-system", "dns", 6)]
    public void The_bucket_of_a_capture_is_a_fixed_function_of_its_entity_id(string ns, string name, int bucket)
    {
        // Every member must pick the same bucket, in every process: a fixed table, not a second
        // computation of the same hash, catches a per-process (randomised) or changed hash.
        var key = new CaptureKey(ns, name);

        Assert.Equal(bucket, DesiredCaptures.BucketOf(key.EntityId));
        Assert.Equal($"captures-{bucket:D2}", DesiredCaptures.KeyFor(key).Id);
        Assert.Equal(bucket, DesiredCaptures.IndexOf(DesiredCaptures.KeyFor(key)));
    }

    [Fact]
    public void Every_bucket_has_its_own_key_and_nothing_else_is_a_bucket()
    {
        var ids = DesiredCaptures.AllKeys.Select(k => k.Id).ToList();

        Assert.Equal(DesiredCaptures.BucketCount, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("captures-00", ids[0]);
        Assert.Equal("captures-31", ids[^1]);
        Assert.Equal(-1, DesiredCaptures.IndexOf(new Akka.DistributedData.LWWDictionaryKey<string, DesiredCapture>("captures")));
    }
}
