using System.Text.RegularExpressions;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Files;
using PacketCapture.Actors.Model;
using PacketCapture.Actors.Serialization;
using Xunit;

namespace PacketCapture.Actors.Tests.Serialization;

public sealed class ManifestTableTests
{
    /// <summary>The stored contract. Changing a line here means existing journals no longer recover:
    /// add a new versioned manifest instead.</summary>
    private static readonly Dictionary<Type, string> Pinned = new()
    {
        [typeof(CaptureCreated)] = "cap-created.v1",
        [typeof(CaptureSpecChanged)] = "cap-spec-changed.v1",
        [typeof(CaptureDeleted)] = "cap-deleted.v1",
        [typeof(CaptureStarted)] = "cap-started.v1",
        [typeof(CaptureEnded)] = "cap-ended.v1",
        [typeof(NodeStateReported)] = "node-state.v1",
        [typeof(CaptureFileRotated)] = "file-rotated.v1",
        [typeof(CaptureFilesCleaned)] = "files-cleaned.v1",
        [typeof(NodeLost)] = "node-lost.v1",
        [typeof(ApplyCapture)] = "cmd-apply.v1",
        [typeof(DeleteCapture)] = "cmd-delete.v1",
        [typeof(CleanCaptureFiles)] = "cmd-clean.v1",
        [typeof(ReportNodeStatus)] = "cmd-node-status.v1",
        [typeof(ReportFileRotated)] = "cmd-file-rotated.v1",
        [typeof(ReachScheduleBoundary)] = "cmd-boundary.v1",
        [typeof(ReportNodeLost)] = "cmd-node-lost.v1",
        [typeof(GetCapture)] = "qry-get.v1",
        [typeof(CaptureSucceeded)] = "rep-ok.v1",
        [typeof(CaptureRejected)] = "rep-rejected.v1",
        [typeof(ListCaptures)] = "qry-list.v1",
        [typeof(CaptureList)] = "rep-list.v1",
        [typeof(CaptureStatusChanged)] = "pub-status.v1",
        [typeof(ListCaptureFiles)] = "files-list.v1",
        [typeof(CaptureFileListing)] = "files-listing.v1",
        [typeof(OpenCaptureFile)] = "files-open.v1",
        [typeof(CaptureFileRejected)] = "files-rejected.v1",
        [typeof(DesiredCapture)] = "desired.v1",
        [typeof(CaptureAggregate)] = "snap-state.v1",
    };

    private static IEnumerable<Type> ConcreteMessageTypes =>
        typeof(IPacketCaptureMessage).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IPacketCaptureMessage).IsAssignableFrom(t));

    [Fact]
    public void Every_concrete_message_type_has_a_manifest()
    {
        var missing = ConcreteMessageTypes.Where(t => !PacketCaptureManifests.ByType.ContainsKey(t)).Select(t => t.Name).ToList();

        Assert.True(missing.Count == 0, $"no manifest for: {string.Join(", ", missing)} (add one to PacketCaptureManifests)");
    }

    [Fact]
    public void Every_concrete_message_type_has_a_round_trip_sample()
    {
        var sampled = MessageSamples.All.Values.Select(m => m.GetType()).ToHashSet();

        var missing = ConcreteMessageTypes.Where(t => !sampled.Contains(t)).Select(t => t.Name).ToList();

        Assert.True(missing.Count == 0, $"no sample for: {string.Join(", ", missing)} (add one to MessageSamples)");
    }

    [Fact]
    public void Every_concrete_message_type_has_a_pinned_manifest()
    {
        var missing = ConcreteMessageTypes.Where(t => !Pinned.ContainsKey(t)).Select(t => t.Name).ToList();

        Assert.True(missing.Count == 0, $"manifest not pinned for: {string.Join(", ", missing)} (add it to {nameof(Pinned)})");
    }

    [Fact]
    public void Type_to_manifest_table_is_exactly_the_pinned_one()
    {
        var actual = PacketCaptureManifests.ByType.ToDictionary(p => p.Key, p => p.Value.Manifest);

        Assert.Equal(Pinned.OrderBy(p => p.Value), actual.OrderBy(p => p.Value));
    }

    [Fact]
    public void Manifests_are_unique_short_and_versioned()
    {
        var manifests = PacketCaptureManifests.ByType.Values.Select(f => f.Manifest).ToList();

        Assert.Equal(manifests.Count, manifests.Distinct(StringComparer.Ordinal).Count());
        Assert.All(manifests, m => Assert.Matches(new Regex(@"^[a-z]+(-[a-z]+)*\.v[1-9][0-9]*$"), m));
        Assert.All(manifests, m => Assert.True(m.Length <= 24, m));
        Assert.All(PacketCaptureManifests.ByManifest, p => Assert.Equal(p.Key, p.Value.Manifest));
    }

    [Fact]
    public void Every_written_manifest_can_be_read()
    {
        Assert.All(PacketCaptureManifests.ByType.Values, f => Assert.Same(f, PacketCaptureManifests.ByManifest[f.Manifest]));
    }

    [Fact]
    public void Enum_names_stored_as_strings_are_pinned()
    {
        // Enum values are stored by member name: renaming a member breaks recovery.
        Assert.Equal(["Cli", "Api", "Kubernetes", "Node", "System", "Client"], Enum.GetNames<RequestSource>());
        Assert.Equal(["Scheduled", "WaitingForTraffic", "Capturing", "Finished", "Error"], Enum.GetNames<CaptureState>());
        Assert.Equal(["None", "Scheduled", "Running", "Ended"], Enum.GetNames<CapturePhase>());
        Assert.Equal(["NotFound", "Invalid", "Conflict", "Forbidden", "Unavailable", "AlreadyExists"], Enum.GetNames<RejectionReason>());
        Assert.Equal(["Start", "End"], Enum.GetNames<ScheduleBoundary>());
        Assert.Equal(["CreateOrUpdate", "CreateOnly", "UpdateOnly"], Enum.GetNames<ApplyMode>());
    }
}
