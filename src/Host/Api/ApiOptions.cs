namespace PacketCapture.Host.Api;

/// <summary>What the HTTP API needs beyond the captures themselves.</summary>
public sealed record ApiOptions
{
    /// <summary>The generated admin token: user <c>admin</c>, every verb in every namespace.</summary>
    public required string AdminToken { get; init; }

    /// <summary>The token file (YAML: users, tokens, rules), or null.</summary>
    public string? TokenFile { get; init; }

    /// <summary>This member's capture directory: the only place files are served from or deleted in.</summary>
    public required string CaptureDirectory { get; init; }

    /// <summary>This member's node name (whose <c>files</c> entry is local).</summary>
    public required string NodeName { get; init; }

    /// <summary>Largest request body accepted (413 above it).</summary>
    public long MaxBodyBytes { get; init; } = 1024 * 1024;
}
