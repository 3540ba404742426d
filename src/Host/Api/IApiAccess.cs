namespace PacketCapture.Host.Api;

/// <summary>
/// Who a bearer token is and what that user may do: the token file in standalone mode
/// (<see cref="TokenFileAccess"/>), TokenReview and SubjectAccessReview in Kubernetes mode.
/// </summary>
public interface IApiAccess
{
    /// <summary>The user of <paramref name="token"/>, or null when the token is unknown.</summary>
    /// <exception cref="AccessReviewUnavailableException">Whoever decides cannot be asked now.</exception>
    ValueTask<ApiUser?> AuthenticateAsync(string token, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="user"/> may do <paramref name="verb"/> on <paramref name="resource"/> (an
    /// <see cref="ApiResources"/> name) in <paramref name="namespace"/>, or in every namespace when it is null (a list
    /// of all namespaces); <paramref name="name"/> is the object, when the request names one.</summary>
    /// <exception cref="AccessReviewUnavailableException">Whoever decides cannot be asked now.</exception>
    ValueTask<bool> AllowsAsync(ApiUser user, string? @namespace, string resource, string verb, string? name, CancellationToken cancellationToken);
}
