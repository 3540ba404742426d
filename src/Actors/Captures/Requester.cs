namespace PacketCapture.Actors.Captures;

/// <summary>Where a command came from; recorded on every event for the audit trail.</summary>
public enum RequestSource
{
    /// <summary>The command-line client.</summary>
    Cli,

    /// <summary>The HTTP API (another client than the CLI).</summary>
    Api,

    /// <summary>The Kubernetes resource watcher.</summary>
    Kubernetes,

    /// <summary>A node agent reporting what it observed.</summary>
    Node,

    /// <summary>The system itself: schedule timers, recovery.</summary>
    System,

    /// <summary>Another Akka.NET application using the actor message API (docs/ACTOR-API.md).</summary>
    Client,
}

/// <summary>Who asked for a command: a user name and the channel it came through.</summary>
/// <param name="User">The authenticated user, <c>node/&lt;name&gt;</c> for node reports, or <c>system</c>.</param>
/// <param name="Source">The channel.</param>
public sealed record Requester(string User, RequestSource Source)
{
    /// <summary>The system acting on its own (timers).</summary>
    public static Requester System { get; } = new("system", RequestSource.System);

    /// <summary>A node agent reporting.</summary>
    public static Requester ForNode(string node) => new($"node/{node}", RequestSource.Node);

    /// <inheritdoc />
    public override string ToString() => $"{User} ({Source.ToString().ToLowerInvariant()})";
}
