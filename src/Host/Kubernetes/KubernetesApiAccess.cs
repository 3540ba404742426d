using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using PacketCapture.Host.Api;

namespace PacketCapture.Host.Kubernetes;

/// <summary>
/// API access in Kubernetes mode, as the reference does it: a bearer token is authenticated with a
/// <c>TokenReview</c> (authentication.k8s.io/v1) and each request authorized with a
/// <c>SubjectAccessReview</c> (authorization.k8s.io/v1) for group <c>projectcalico.org</c>, resource
/// <c>packetcaptures</c> (subresource <c>files</c> for downloads and cleans), the namespace, the name when
/// the request has one, and the verb. The member's own admin token and token-file users still work
/// locally (their rules decide). Answers are cached briefly (<see cref="ReviewCache{T}"/>); an API server
/// that does not answer (or refuses the review itself) makes the request a 503, never a 200.
/// </summary>
public sealed class KubernetesApiAccess : IApiAccess
{
    /// <summary>The API group the reviews name.</summary>
    public const string Group = "projectcalico.org";

    // A review is one small POST; a request must not hang on a slow API server.
    private static readonly TimeSpan ReviewTimeout = TimeSpan.FromSeconds(5);

    private readonly IKubernetes _client;
    private readonly ApiTokens _local;
    private readonly ILogger _logger;
    private readonly ReviewCache<ReviewedUser?> _tokens;
    private readonly ReviewCache<bool> _decisions;

    // The Kubernetes identity behind each reviewed ApiUser (the same instance comes back from the token cache).
    private readonly ConditionalWeakTable<ApiUser, ReviewedUser> _identities = [];

    /// <param name="client">The API client (its own credentials must allow creating the reviews).</param>
    /// <param name="local">The admin token and token-file users, checked first.</param>
    /// <param name="settings">Cache lifetimes and size.</param>
    /// <param name="logger">Where an unreachable API server is reported.</param>
    /// <param name="time">The clock of the caches; <see cref="TimeProvider.System"/> when null.</param>
    public KubernetesApiAccess(IKubernetes client, ApiTokens local, KubernetesNodeSettings settings, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _local = local ?? throw new ArgumentNullException(nameof(local));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        time ??= TimeProvider.System;
        _tokens = new ReviewCache<ReviewedUser?>(settings.ReviewCacheSize, settings.ReviewTtl, settings.ReviewNegativeTtl, u => u is not null, time);
        _decisions = new ReviewCache<bool>(settings.ReviewCacheSize, settings.ReviewTtl, settings.ReviewNegativeTtl, allowed => allowed, time);
    }

    /// <inheritdoc />
    public async ValueTask<ApiUser?> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (_local.Find(token) is { } local)
        {
            return local;
        }

        // Keyed by digest: the cache never holds a bearer token itself.
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        var reviewed = await Await(_tokens.GetAsync(key, () => ReviewTokenAsync(token)), cancellationToken).ConfigureAwait(false);
        return reviewed?.User;
    }

    /// <inheritdoc />
    public async ValueTask<bool> AllowsAsync(ApiUser user, string? @namespace, string resource, string verb, string? name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!_identities.TryGetValue(user, out var identity))
        {
            return TokenFileAccess.Allows(user, @namespace, resource, verb);
        }

        var attributes = Attributes(@namespace, resource, verb, name);
        var key = string.Join('\n', identity.Key, attributes.NamespaceProperty, attributes.Resource, attributes.Subresource, attributes.Name, attributes.Verb);
        return await Await(_decisions.GetAsync(key, () => ReviewAccessAsync(identity, attributes)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The resource attributes a request is reviewed with: <c>packetcaptures/files</c> is resource
    /// <c>packetcaptures</c>, subresource <c>files</c>, as RBAC rules name it; no namespace means all namespaces.</summary>
    public static V1ResourceAttributes Attributes(string? @namespace, string resource, string verb, string? name)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        return new V1ResourceAttributes
        {
            Group = Group,
            Version = "v3",
            Resource = slash < 0 ? resource : resource[..slash],
            Subresource = slash < 0 ? null : resource[(slash + 1)..],
            NamespaceProperty = @namespace ?? "",
            Name = name,
            Verb = verb,
        };
    }

    private static async Task<T> Await<T>(Task<T> answer, CancellationToken cancellationToken) =>
        await answer.WaitAsync(cancellationToken).ConfigureAwait(false);

    private async Task<ReviewedUser?> ReviewTokenAsync(string token)
    {
        var review = await CallAsync("TokenReview", ct => _client.AuthenticationV1.CreateTokenReviewAsync(
            new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token } }, cancellationToken: ct)).ConfigureAwait(false);
        var status = review.Status;
        if (status?.Authenticated != true || string.IsNullOrEmpty(status.User?.Username))
        {
            return null;
        }

        var reviewed = new ReviewedUser(
            new ApiUser(status.User.Username, []),
            status.User.Uid,
            status.User.Groups?.ToList() ?? [],
            status.User.Extra?.ToDictionary(e => e.Key, e => (IList<string>)e.Value.ToList()));
        _identities.AddOrUpdate(reviewed.User, reviewed);
        return reviewed;
    }

    private async Task<bool> ReviewAccessAsync(ReviewedUser identity, V1ResourceAttributes attributes)
    {
        var review = await CallAsync("SubjectAccessReview", ct => _client.AuthorizationV1.CreateSubjectAccessReviewAsync(
            new V1SubjectAccessReview
            {
                Spec = new V1SubjectAccessReviewSpec
                {
                    User = identity.User.Name,
                    Uid = identity.Uid,
                    Groups = identity.Groups,
                    Extra = identity.Extra,
                    ResourceAttributes = attributes,
                },
            }, cancellationToken: ct)).ConfigureAwait(false);
        return review.Status?.Allowed == true && review.Status.Denied != true;
    }

    private async Task<T> CallAsync<T>(string what, Func<CancellationToken, Task<T>> call)
    {
        // Not the request's token: a review in flight is shared by every request waiting for it.
        using var timeout = new CancellationTokenSource(ReviewTimeout);
        try
        {
            return await call(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException or OperationCanceledException
                                      or KubernetesException or System.Text.Json.JsonException)
        {
            var reason = e switch
            {
                HttpOperationException h => $"{what} answered {(int)(h.Response?.StatusCode ?? 0)} {h.Response?.ReasonPhrase}".TrimEnd(),
                OperationCanceledException => $"{what} got no answer within {ReviewTimeout.TotalSeconds:0} s",
                _ => $"{what} failed: {e.Message.Split('\n', 2)[0].Trim()}",
            };
            KubernetesNodeLog.ReviewUnavailable(_logger, reason);
            throw new AccessReviewUnavailableException($"the Kubernetes API server cannot decide access now ({reason})", e);
        }
    }

    /// <summary>A user as the TokenReview named it.</summary>
    private sealed record ReviewedUser(ApiUser User, string? Uid, IList<string> Groups, IDictionary<string, IList<string>>? Extra)
    {
        public string Key { get; } = $"{User.Name}\n{Uid}\n{string.Join(',', Groups)}";
    }
}
