using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PacketCapture.Host.Api;

/// <summary>
/// The API's default authentication scheme: <c>Authorization: Bearer &lt;token&gt;</c> looked up through
/// <see cref="IApiAccess"/> (the token file, or a Kubernetes TokenReview); when that cannot answer the challenge is a 503. A challenge (no token, unknown token) answers 401 with a Status object,
/// so <c>RequireAuthorization()</c> on any endpoint (health, metrics) behaves like the API's own routes.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IApiAccess access) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "Bearer";

    private const string Prefix = "Bearer ";

    // Set when the token could not be checked: the challenge then answers 503, not 401.
    private const string UnavailableKey = "PacketCapture.AccessUnavailable";

    /// <summary>The authenticated user of a request (set when its token was known).</summary>
    public static ApiUser? UserOf(Microsoft.AspNetCore.Http.HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(typeof(ApiUser), out var user) ? user as ApiUser : null;
    }

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("the Authorization header must be \"Bearer <token>\"");
        }

        ApiUser? user;
        try
        {
            user = await access.AuthenticateAsync(header[Prefix.Length..].Trim(), Context.RequestAborted).ConfigureAwait(false);
        }
        catch (AccessReviewUnavailableException e)
        {
            Context.Items[UnavailableKey] = e.Message;
            return AuthenticateResult.Fail(e.Message);
        }

        if (user is null)
        {
            return AuthenticateResult.Fail("unknown bearer token");
        }

        Context.Items[typeof(ApiUser)] = user;
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        if (Context.Items.TryGetValue(UnavailableKey, out var unavailable))
        {
            await ApiStatus.Unavailable($"the bearer token cannot be checked now: {unavailable}").WriteAsync(Response).ConfigureAwait(false);
            return;
        }

        var message = result.Failure?.Message ?? "a bearer token is required (Authorization: Bearer <token>)";
        Response.Headers.WWWAuthenticate = "Bearer";
        await ApiStatus.Unauthorized(message).WriteAsync(Response).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiStatus.Forbidden($"user \"{Context.User.Identity?.Name}\" is not allowed to {Request.Method} {Request.Path}").WriteAsync(Response);
}
