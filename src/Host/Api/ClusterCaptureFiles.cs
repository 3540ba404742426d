using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Streams;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Files;

namespace PacketCapture.Host.Api;

/// <summary>What a download will hold, or which nodes' files cannot be had.</summary>
/// <param name="Files">The entries in node (status) order, then status order within a node.</param>
/// <param name="Unavailable">Nodes whose status lists files but whose member did not answer; the
/// download is refused (503) when any.</param>
public sealed record FileGathering(IReadOnlyList<ServedFile> Files, IReadOnlyList<string> Unavailable);

/// <summary>
/// Gathers every node's files of a capture for one download (SPEC.md §7): this member's node from
/// its own disk, every other node through its member's <see cref="CaptureFileActor"/> over the
/// cluster's remoting. Listings are gathered before the response starts, so a node that cannot be
/// reached fails the download clearly instead of leaving its files silently out of the zip.
/// </summary>
public sealed class ClusterCaptureFiles
{
    /// <summary>The cluster role of members that run captures (and so serve files); actor-API clients have none.</summary>
    public static readonly string? MemberRole = CaptureRegion.MemberRole;

    /// <summary>The default of <c>packetcapture.files.member-timeout</c>.</summary>
    public static readonly TimeSpan DefaultMemberTimeout = TimeSpan.FromSeconds(10);

    private readonly ActorSystem _system;
    private readonly string _nodeName;
    private readonly string _captureDirectory;
    private readonly Lazy<IMaterializer> _materializer;

    /// <summary>Creates the gatherer for this member.</summary>
    /// <param name="system">This member's actor system (in the cluster).</param>
    /// <param name="nodeName">This member's node name.</param>
    /// <param name="captureDirectory">This member's capture directory.</param>
    /// <param name="memberTimeout">How long each other member may take to list or open.</param>
    public ClusterCaptureFiles(ActorSystem system, string nodeName, string captureDirectory, TimeSpan memberTimeout)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(memberTimeout, TimeSpan.Zero);
        _system = system;
        _nodeName = nodeName;
        _captureDirectory = captureDirectory;
        MemberTimeout = memberTimeout;
        _materializer = new Lazy<IMaterializer>(() => ActorMaterializer.Create(system, namePrefix: "capture-downloads"));
    }

    /// <summary>How long each other member may take to answer.</summary>
    public TimeSpan MemberTimeout { get; }

    /// <summary>Reads <c>packetcapture.files.member-timeout</c>.</summary>
    /// <exception cref="ConfigurationException">It is not a positive duration.</exception>
    public static TimeSpan MemberTimeoutOf(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        const string key = "packetcapture.files.member-timeout";
        TimeSpan timeout;
        try
        {
            timeout = config.GetTimeSpan(key, DefaultMemberTimeout);
        }
        catch (Exception e) when (e is FormatException or ConfigurationException or InvalidCastException or OverflowException)
        {
            throw new ConfigurationException($"{key} is not a duration (use HOCON units: 10s)");
        }

        return timeout > TimeSpan.Zero ? timeout : throw new ConfigurationException($"{key} must be positive");
    }

    /// <summary>This member's files of <paramref name="view"/> and every other node's, asked of every
    /// Up member with <see cref="MemberRole"/> at once.</summary>
    public async Task<FileGathering> GatherAsync(CaptureView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        var nodes = view.Nodes.Select(n => n.Node).Distinct(StringComparer.Ordinal).ToList();
        var remoteWithFiles = view.Nodes
            .Where(n => n.Node != _nodeName && n.FileNames.Any(CaptureFileRules.IsCaptureFileName))
            .Select(n => n.Node)
            .ToHashSet(StringComparer.Ordinal);
        var listings = remoteWithFiles.Count == 0
            ? new Dictionary<string, (CaptureFileListing Listing, ActorSelection Member)>()
            : await ListAsync(view, cancellationToken).ConfigureAwait(false);

        var files = new List<ServedFile>();
        var unavailable = new List<string>();
        foreach (var node in nodes)
        {
            if (node == _nodeName)
            {
                files.AddRange(CaptureFileSet.Local(view, _nodeName, _captureDirectory).Where(f => File.Exists(f.FullPath)));
            }
            else if (listings.TryGetValue(node, out var answer))
            {
                files.AddRange(answer.Listing.Files.Select(f =>
                    new RemoteServedFile($"{node}/{f.Name}", node, answer.Member, view.Key, f, _materializer.Value, MemberTimeout)));
            }
            else if (remoteWithFiles.Contains(node))
            {
                unavailable.Add(node);
            }
        }

        return new FileGathering(files, unavailable);
    }

    private async Task<Dictionary<string, (CaptureFileListing Listing, ActorSelection Member)>> ListAsync(
        CaptureView view, CancellationToken cancellationToken)
    {
        var cluster = Cluster.Get(_system);
        var state = cluster.State;
        var request = new ListCaptureFiles(
            view.Key,
            [.. view.Nodes.Where(n => n.Node != _nodeName).Select(n => new NodeFileNames(n.Node, n.FileNames))]);

        // An unreachable member would only time out: leave it out and say which node is missing at once.
        var members = state.Members
            .Where(m => m.Status == MemberStatus.Up && m.Address != cluster.SelfAddress && !state.Unreachable.Contains(m))
            .Where(m => MemberRole is null || m.HasRole(MemberRole))
            .Select(m => _system.ActorSelection(new RootActorPath(m.Address) / "user" / CaptureFileActor.Name))
            .ToList();
        var answers = await Task.WhenAll(members.Select(async member =>
        {
            try
            {
                return (Reply: await member.Ask<object>(request, MemberTimeout, cancellationToken).ConfigureAwait(false), Member: member);
            }
            catch (AskTimeoutException)
            {
                return (Reply: (object?)null, Member: member);
            }
        })).ConfigureAwait(false);

        var listings = new Dictionary<string, (CaptureFileListing, ActorSelection)>(StringComparer.Ordinal);
        foreach (var (reply, member) in answers)
        {
            if (reply is CaptureFileListing listing && listing.Key == view.Key)
            {
                listings.TryAdd(listing.Node, (listing, member));
            }
        }

        return listings;
    }
}
