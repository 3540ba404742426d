using System.Collections.Immutable;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using PacketCapture.Host.Kubernetes;

namespace PacketCapture.Server.Tests.Kubernetes;

public sealed class CaptureWatchDeciderTests
{
    private static readonly CaptureKey A = new("shop", "a");
    private static readonly CaptureKey B = new("shop", "b");

    private static CustomResource Valid(CaptureKey key, long generation, string selector = "all()") =>
        new(key, generation, new PacketCaptureResource(new ObjectMeta { Name = key.Name, Namespace = key.Namespace }, new PacketCaptureSpec { Selector = selector }), []);

    private static CustomResource Invalid(CaptureKey key, long generation) =>
        new(key, generation, null, [new FieldError("spec.selector", "bad")]);

    private static Dictionary<CaptureKey, long> None => [];

    [Fact]
    public void Added_applies_and_a_modified_event_of_the_same_generation_sends_nothing()
    {
        var decider = new CaptureWatchDecider();

        var added = decider.Upsert(Valid(A, 1));
        var statusOnly = decider.Upsert(Valid(A, 1));

        var apply = Assert.IsType<ApplyResource>(Assert.Single(added));
        Assert.Equal((A, 1L), (apply.Key, apply.Generation));
        Assert.Empty(statusOnly);
    }

    [Fact]
    public void New_generation_applies_again_with_the_generation_marked()
    {
        var decider = new CaptureWatchDecider();
        decider.Upsert(Valid(A, 1));

        var changed = Assert.IsType<ApplyResource>(Assert.Single(decider.Upsert(Valid(A, 2, "app == 'x'"))));
        var command = changed.Command(CaptureResourceWatcher.By);

        Assert.Equal("app == 'x'", command.Resource.Spec.Selector);
        Assert.Equal("kubernetes", command.Resource.Metadata.Annotations[CaptureOwnership.OwnerAnnotation]);
        Assert.Equal("2", command.Resource.Metadata.Annotations[CaptureOwnership.GenerationAnnotation]);
        Assert.Equal(new Requester("kubernetes", RequestSource.Kubernetes), command.By);
    }

    [Fact]
    public void Invalid_resource_is_reported_once_per_generation_and_never_applied()
    {
        var decider = new CaptureWatchDecider();

        var first = decider.Upsert(Invalid(A, 1));
        var again = decider.Upsert(Invalid(A, 1));
        var next = decider.Upsert(Invalid(A, 2));

        Assert.Equal("spec.selector: bad", Assert.IsType<ReportInvalid>(Assert.Single(first)).Problem);
        Assert.Empty(again);
        Assert.IsType<ReportInvalid>(Assert.Single(next));
        Assert.Equal(0, decider.Owned);
    }

    [Fact]
    public void Deleted_event_deletes_only_a_capture_applied_from_a_resource()
    {
        var decider = new CaptureWatchDecider();
        decider.Upsert(Valid(A, 1));
        decider.Upsert(Invalid(B, 1));

        var deletedA = decider.Delete(A);
        var deletedB = decider.Delete(B);

        Assert.Equal(A, Assert.IsType<DeleteOwned>(Assert.Single(deletedA)).Key);
        Assert.Empty(deletedB);
    }

    [Fact]
    public void Relist_deletes_owned_captures_whose_resource_is_gone_and_skips_unchanged_ones()
    {
        var decider = new CaptureWatchDecider();
        var owned = new Dictionary<CaptureKey, long> { [A] = 3, [B] = 1 };

        var actions = decider.Relist(owned, [Valid(A, 3)]);

        Assert.Equal(B, Assert.IsType<DeleteOwned>(Assert.Single(actions)).Key);
        Assert.Equal(1, decider.Owned);
    }

    [Fact]
    public void Relist_never_deletes_a_capture_that_is_not_kubernetes_owned()
    {
        var decider = new CaptureWatchDecider();

        // A capture made through the API is not in the owned set: no resource lists it, nothing deletes it.
        var actions = decider.Relist(None, []);

        Assert.Empty(actions);
    }

    [Fact]
    public void Relist_applies_new_and_changed_resources()
    {
        var decider = new CaptureWatchDecider();
        var owned = new Dictionary<CaptureKey, long> { [A] = 1 };

        var actions = decider.Relist(owned, [Valid(A, 2), Valid(B, 1)]);

        Assert.Equal([(A, 2L), (B, 1L)], actions.Cast<ApplyResource>().Select(a => (a.Key, a.Generation)));
    }

    [Fact]
    public void Forgotten_apply_is_sent_again_by_the_next_event_of_the_same_generation()
    {
        var decider = new CaptureWatchDecider();
        decider.Upsert(Valid(A, 1));

        decider.Forget(A);
        var again = decider.Upsert(Valid(A, 1));

        Assert.IsType<ApplyResource>(Assert.Single(again));
    }

    [Fact]
    public void Ownership_marks_round_trip_through_the_annotations()
    {
        var resource = Valid(A, 7).Resource!;

        var marked = CaptureOwnership.Mark(resource, 7);

        Assert.False(CaptureOwnership.IsOwned(resource));
        Assert.True(CaptureOwnership.IsOwned(marked));
        Assert.Equal(7, CaptureOwnership.AppliedGeneration(marked));
        Assert.Equal(0, CaptureOwnership.AppliedGeneration(resource));
        Assert.Empty(PacketCaptureValidator.Validate(marked));
        Assert.Equal(ImmutableSortedDictionary<string, string>.Empty, resource.Metadata.Annotations);
    }
}
