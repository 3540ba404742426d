using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PacketCapture.Host.Api;

/// <summary>
/// The API's default authentication scheme: <c>Authorization: Bearer &lt;token&gt;</c> looked up in
/// <see cref="ApiTokens"/>. A challenge (no token, unknown token) answers 401 with a Status object,
/// so <c>RequireAuthorization()</c> on any endpoint (health, metrics) behaves like the API's own routes.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokens tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "Bearer";

    private const string Prefix = "Bearer ";

    /// <summary>The authenticated user of a request (set when its token was known).</summary>
    public static ApiUser? UserOf(Microsoft.AspNetCore.Http.HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(typeof(ApiUser), out var user) ? user as ApiUser : null;
    }

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("the Authorization header must be \"Bearer <token>\""));
        }

        var user = tokens.Find(header[Prefix.Length..].Trim());
        if (user is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("unknown bearer token"));
        }

        Context.Items[typeof(ApiUser)] = user;
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        var message = result.Failure?.Message ?? "a bearer token is required (Authorization: Bearer <token>)";
        Response.Headers.WWWAuthenticate = "Bearer";
        await ApiStatus.Unauthorized(message).WriteAsync(Response).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiStatus.Forbidden($"user \"{Context.User.Identity?.Name}\" is not allowed to {Request.Method} {Request.Path}").WriteAsync(Response);
}
