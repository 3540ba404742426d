using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PacketCapture.Host.Api;

/// <summary>The HTTP API: Kubernetes-shaped resource REST, the file endpoints of SPEC.md §7, bearer-token authentication and per-namespace authorization.</summary>
public static class PacketCaptureApi
{
    /// <summary>Registers authentication (the default scheme: bearer tokens), authorization and the API's services.
    /// Needs an <see cref="Server.ICaptureService"/> in the container.</summary>
    /// <exception cref="Cli.UserInputException">The token file is wrong: the server must not start.</exception>
    public static IServiceCollection AddPacketCaptureApi(this IServiceCollection services, ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);

        // Read now, not on the first request: a bad token file stops the start with its one line.
        var tokens = ApiTokens.From(options);
        services.AddSingleton(options);
        services.AddSingleton(tokens);

        // Kubernetes mode registers its own (TokenReview, SubjectAccessReview) before this.
        services.TryAddSingleton<IApiAccess>(new TokenFileAccess(tokens));
        if (options.TokenFile is { } tokenFile)
        {
            services.AddSingleton(provider => new TokenFileWatcher(
                tokenFile, tokens, provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<TokenFileWatcher>>()));
        }

        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, configureOptions: null);
        services.AddAuthorization();
        services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // The handlers read at most MaxBodyBytes themselves; this is the transport's backstop.
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes + 1;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });
        return services;
    }

    /// <summary>Adds the authentication/authorization middleware and maps every API route.</summary>
    public static WebApplication UsePacketCaptureApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Created here so the watch starts with the API; the container disposes it at shutdown.
        _ = app.Services.GetService<TokenFileWatcher>();
        app.Use(RefuseUnsafeTargets);
        app.UseAuthentication();
        app.UseAuthorization();

        const string prefix = CaptureResourceEndpoints.Prefix;
        app.Map($"{prefix}/packetcaptures", CaptureResourceEndpoints.AllNamespaces).RequireAuthorization();
        app.Map($"{prefix}/namespaces/{{ns}}/packetcaptures", CaptureResourceEndpoints.Collection).RequireAuthorization();
        app.Map($"{prefix}/namespaces/{{ns}}/packetcaptures/{{name}}", CaptureResourceEndpoints.Item).RequireAuthorization();
        app.Map("/apis/{**rest}", CaptureResourceEndpoints.Unknown).RequireAuthorization();
        app.Map("/download/{**rest}", CaptureFileEndpoints.Download).RequireAuthorization();
        app.Map("/files/{**rest}", CaptureFileEndpoints.Clean).RequireAuthorization();
        return app;
    }

    private static Task RefuseUnsafeTargets(HttpContext context, RequestDelegate next)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        return RequestTarget.Problem(raw) is { } problem
            ? ApiStatus.BadRequest(problem).WriteAsync(context.Response)
            : next(context);
    }
}
