using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using Xunit;
using static PacketCapture.Actors.Tests.Captures.CaptureFixtures;

namespace PacketCapture.Actors.Tests.Captures;

/// <summary>Creating and updating a capture: validation, generations, incarnations and the stored resource.</summary>
public sealed class ApplyCaptureTests
{
    [Fact]
    public void Creation_stores_the_resource_without_status_with_generation_and_creation_time()
    {
        var applied = Resource(labels: Labels(("team", "payments"))) with
        {
            Status = new PacketCaptureStatus { Files = [new PacketCaptureFiles { Node = "x", State = CaptureState.Capturing }] },
        };

        var decision = Given().Decide(new ApplyCapture(applied, Alice));

        var created = Assert.IsType<CaptureCreated>(decision.Events[0]);
        Assert.Equal(new CaptureCreated(Key, Stored(applied, 1, Now), 1, 1, Now, Alice), created);
        Assert.Null(created.Resource.Status);
        Assert.Equal(1, created.Resource.Metadata.Generation);
        Assert.Equal(Now, created.Resource.Metadata.CreationTimestamp);
    }

    [Fact]
    public void Creation_keeps_a_creation_time_and_uid_given_by_a_server()
    {
        var serverTime = Now.AddDays(-1);
        var applied = Resource(uid: "4f1c") with
        {
            Metadata = Resource(uid: "4f1c").Metadata with { CreationTimestamp = serverTime, ResourceVersion = "981", Generation = 7 },
        };

        var created = Assert.IsType<CaptureCreated>(Given().Decide(new ApplyCapture(applied, Alice)).Events[0]);

        Assert.Equal(serverTime, created.Resource.Metadata.CreationTimestamp);
        Assert.Equal("4f1c", created.Resource.Metadata.Uid);
        Assert.Equal("981", created.Resource.Metadata.ResourceVersion);
        Assert.Equal(1, created.Resource.Metadata.Generation);
    }

    [Fact]
    public void Creation_without_times_starts_now()
    {
        var state = Given();

        var decision = state.Decide(new ApplyCapture(Resource(), Alice));

        Assert.Equal(["CaptureCreated", "CaptureStarted"], decision.Names());
        Assert.Equal(new CaptureStarted(Key, 1, Now, Alice), decision.Events[1]);
        var after = state.Then(decision);
        Assert.Equal(CapturePhase.Running, after.Phase);
        Assert.Equal(CaptureState.WaitingForTraffic, after.View().State);
    }

    [Fact]
    public void Creation_with_start_time_in_the_past_starts_now()
    {
        var decision = Given().Decide(new ApplyCapture(Resource(start: Now.AddMinutes(-5), end: Now.AddHours(1)), Alice));

        Assert.Equal(["CaptureCreated", "CaptureStarted"], decision.Names());
    }

    [Fact]
    public void Creation_with_start_time_exactly_now_starts_now()
    {
        var decision = Given().Decide(new ApplyCapture(Resource(start: Now), Alice));

        Assert.Equal(["CaptureCreated", "CaptureStarted"], decision.Names());
    }

    [Fact]
    public void Invalid_resource_is_refused_naming_the_first_error_and_how_many_more()
    {
        var invalid = Resource(start: Now, end: Now.AddHours(-1), selector: "app ==") with
        {
            Metadata = Resource().Metadata with { Name = "Bad_Name" },
        };

        var decision = Given().Decide(new ApplyCapture(invalid, Alice), Now);

        Assert.Empty(decision.Events);
        var rejection = Assert.IsType<CaptureRejected>(decision.Rejection);
        Assert.Equal(RejectionReason.Invalid, rejection.Reason);
        var errors = PacketCaptureValidator.Validate(invalid).ToList();
        Assert.True(errors.Count >= 3);
        Assert.StartsWith("metadata.name: ", rejection.Message, StringComparison.Ordinal);
        Assert.EndsWith($" (and {errors.Count - 1} more)", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_resource_with_one_error_names_it_alone()
    {
        var decision = Given().Decide(new ApplyCapture(Resource(start: Now, end: Now), Alice));

        var rejection = Assert.IsType<CaptureRejected>(decision.Rejection);
        Assert.StartsWith("spec.endTime: must be after spec.startTime", rejection.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("more)", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reapplying_the_same_spec_and_metadata_changes_nothing()
    {
        var state = CaptureStates.Get(CaptureStates.Running);

        // A server may stamp another resource version and echo a status back: neither is a change.
        var again = Resource() with
        {
            Metadata = Resource().Metadata with { ResourceVersion = "12" },
            Status = new PacketCaptureStatus(),
        };
        var decision = state.Decide(new ApplyCapture(again, Bob));

        Assert.Equal(Decision.Unchanged, decision);
    }

    [Fact]
    public void Metadata_only_change_keeps_the_generation_and_the_phase()
    {
        var state = CaptureStates.Get(CaptureStates.Running);
        var relabelled = Resource(labels: Labels(("team", "payments")));

        var decision = state.Decide(new ApplyCapture(relabelled, Bob));

        var changed = Assert.IsType<CaptureSpecChanged>(Assert.Single(decision.Events));
        Assert.Equal(1, changed.Generation);
        Assert.Equal(1, changed.Resource.Metadata.Generation);
        Assert.Equal("payments", changed.Resource.Metadata.Labels["team"]);
        var after = state.Then(decision);
        Assert.Equal(1, after.Generation);
        Assert.Equal(CapturePhase.Running, after.Phase);
        Assert.Equal(state.Nodes, after.Nodes);
        Assert.Equal("payments", after.View().Resource.Metadata.Labels["team"]);
    }

    [Fact]
    public void Annotation_change_is_a_metadata_change()
    {
        var state = CaptureStates.Get(CaptureStates.Running);
        var annotated = Resource() with { Metadata = Resource().Metadata with { Annotations = Labels(("note", "incident 42")) } };

        var decision = state.Decide(new ApplyCapture(annotated, Bob));

        Assert.Equal(1, Assert.IsType<CaptureSpecChanged>(Assert.Single(decision.Events)).Generation);
    }

    [Fact]
    public void Update_keeps_the_original_creation_time_when_none_is_given()
    {
        var state = CaptureStates.Get(CaptureStates.Running);
        var originalCreation = state.Resource!.Metadata.CreationTimestamp;

        var decision = state.Decide(new ApplyCapture(Resource(selector: "app == 'api'"), Bob));

        var changed = Assert.IsType<CaptureSpecChanged>(decision.Events[0]);
        Assert.NotNull(originalCreation);
        Assert.Equal(originalCreation, changed.Resource.Metadata.CreationTimestamp);
    }

    [Fact]
    public void Selector_change_while_running_restarts_with_a_new_generation()
    {
        var state = CaptureStates.Get(CaptureStates.Running);

        var decision = state.Decide(new ApplyCapture(Resource(selector: "app == 'api'"), Bob));

        Assert.Equal(["CaptureSpecChanged", "CaptureStarted"], decision.Names());
        Assert.Equal(2, ((CaptureSpecChanged)decision.Events[0]).Generation);
        Assert.Equal(new CaptureStarted(Key, 2, Now, Bob), decision.Events[1]);
        var after = state.Then(decision);
        Assert.Equal(2, after.Generation);
        Assert.Equal(2, after.Resource!.Metadata.Generation);
        Assert.Equal(CapturePhase.Running, after.Phase);
        Assert.Equal(2, after.Desired()!.Generation);
    }

    [Fact]
    public void Filter_change_is_a_spec_change()
    {
        var state = CaptureStates.Get(CaptureStates.Running);
        var filtered = Resource() with
        {
            Spec = Resource().Spec with
            {
                Filters = [new CaptureFilter { Protocol = CaptureProtocol.FromNumber(6), Ports = [PortSpec.Single(443)] }],
            },
        };

        var decision = state.Decide(new ApplyCapture(filtered, Bob));

        Assert.Equal(2, Assert.IsType<CaptureSpecChanged>(decision.Events[0]).Generation);
    }

    [Fact]
    public void Deleted_capture_applied_again_is_a_new_incarnation_with_the_next_generation_and_no_nodes()
    {
        var running = CaptureStates.Get(CaptureStates.Running).Then(
            CaptureStates.Get(CaptureStates.Running).Decide(new ApplyCapture(Resource(selector: "app == 'api'"), Bob)));
        Assert.Equal(2, running.Generation);
        var deleted = running.Then(running.Decide(new DeleteCapture(Key, Alice)));

        var decision = deleted.Decide(new ApplyCapture(Resource(), Alice), Now.AddMinutes(5));

        var created = Assert.IsType<CaptureCreated>(decision.Events[0]);
        Assert.Equal(3, created.Generation);
        Assert.Equal(2, created.Incarnation);
        Assert.Equal(Now.AddMinutes(5), created.Resource.Metadata.CreationTimestamp);
        var after = deleted.Then(decision);
        Assert.True(after.Exists);
        Assert.False(after.Deleted);
        Assert.Equal(2, after.Incarnation);
        Assert.Equal(3, after.Generation);
        Assert.Empty(after.Nodes);
        Assert.Empty(after.View().Resource.Status!.Files);
    }

    [Fact]
    public void Recreation_rejects_reports_of_the_previous_incarnation()
    {
        var deleted = CaptureStates.Get(CaptureStates.Deleted);
        var recreated = deleted.Then(deleted.Decide(new ApplyCapture(Resource(), Alice)));

        var decision = recreated.Decide(new ReportNodeStatus(Key, Node(NodeA, CaptureState.Capturing, 1), Requester.ForNode(NodeA)));

        Assert.Equal(RejectionReason.Conflict, decision.Rejection?.Reason);
    }

    [Fact]
    public void Recreation_keeps_the_clean_epoch()
    {
        var ended = CaptureStates.Get(CaptureStates.Ended);
        var cleaned = ended.Then(ended.Decide(new CleanCaptureFiles(Key, Alice)));
        var deleted = cleaned.Then(cleaned.Decide(new DeleteCapture(Key, Alice)));

        var recreated = deleted.Then(deleted.Decide(new ApplyCapture(Resource(), Alice)));

        Assert.Equal(1, recreated.CleanEpoch);
        Assert.Equal(1, recreated.Desired()!.CleanEpoch);
    }

    [Fact]
    public void A_create_only_apply_of_an_existing_capture_is_refused_as_already_existing()
    {
        var state = Given(Created(Resource()));

        var decision = state.Decide(new ApplyCapture(Resource(labels: Labels(("team", "payments"))), Alice, ApplyMode.CreateOnly));

        var rejection = Assert.IsType<CaptureRejected>(decision.Rejection);
        Assert.Equal(RejectionReason.AlreadyExists, rejection.Reason);
        Assert.Contains(Key.ToString(), rejection.Message, StringComparison.Ordinal);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void A_create_only_apply_creates_a_capture_that_does_not_exist_or_was_deleted()
    {
        var fresh = Given().Decide(new ApplyCapture(Resource(), Alice, ApplyMode.CreateOnly));
        var deleted = Given(Created(Resource()), new CaptureDeleted(Key, Now.AddHours(-1), Alice));
        var again = deleted.Decide(new ApplyCapture(Resource(), Alice, ApplyMode.CreateOnly));

        Assert.IsType<CaptureCreated>(fresh.Events[0]);
        Assert.Equal(2, Assert.IsType<CaptureCreated>(again.Events[0]).Incarnation);
    }

    [Fact]
    public void An_update_only_apply_of_a_missing_capture_is_refused_as_not_found()
    {
        var never = Given().Decide(new ApplyCapture(Resource(), Alice, ApplyMode.UpdateOnly));
        var deleted = Given(Created(Resource()), new CaptureDeleted(Key, Now.AddHours(-1), Alice))
            .Decide(new ApplyCapture(Resource(), Alice, ApplyMode.UpdateOnly));

        Assert.Equal(RejectionReason.NotFound, Assert.IsType<CaptureRejected>(never.Rejection).Reason);
        Assert.Equal(RejectionReason.NotFound, Assert.IsType<CaptureRejected>(deleted.Rejection).Reason);
        Assert.Empty(never.Events);
    }

    [Fact]
    public void An_update_only_apply_of_an_existing_capture_changes_its_spec()
    {
        var state = Given(Created(Resource()));

        var decision = state.Decide(new ApplyCapture(Resource(selector: "app == 'db'"), Alice, ApplyMode.UpdateOnly));

        Assert.IsType<CaptureSpecChanged>(decision.Events[0]);
    }
}
