namespace PacketCapture.Host.Api;

/// <summary>Standalone access: the admin token and the token file's users (<see cref="ApiTokens"/>), their rules
/// decided by <see cref="AccessPolicy"/>. Never unavailable.</summary>
public sealed class TokenFileAccess(ApiTokens tokens) : IApiAccess
{
    /// <inheritdoc />
    public ValueTask<ApiUser?> AuthenticateAsync(string token, CancellationToken cancellationToken) =>
        ValueTask.FromResult(tokens.Find(token));

    /// <inheritdoc />
    public ValueTask<bool> AllowsAsync(ApiUser user, string? @namespace, string resource, string verb, string? name, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Allows(user, @namespace, resource, verb));

    /// <summary>The token-file decision (also for local users in Kubernetes mode).</summary>
    public static bool Allows(ApiUser user, string? @namespace, string resource, string verb) =>
        @namespace is null ? AccessPolicy.AllowsSomewhere(user, resource, verb) : AccessPolicy.Allows(user, @namespace, resource, verb);
}
