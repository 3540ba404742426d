using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace PacketCapture.Host.Api;

/// <summary>The HTTP API: Kubernetes-shaped resource REST, the file endpoints of SPEC.md §7, bearer-token authentication and per-namespace authorization.</summary>
public static class PacketCaptureApi
{
    /// <summary>Registers authentication (the default scheme: bearer tokens), authorization and the API's services.
    /// Needs an <see cref="Server.ICaptureService"/> in the container.</summary>
    public static IServiceCollection AddPacketCaptureApi(this IServiceCollection services, ApiOptions options) =>
        throw new NotImplementedException("contract stub: the API helper fills this in");

    /// <summary>Adds the authentication/authorization middleware and maps every API route.</summary>
    public static WebApplication UsePacketCaptureApi(this WebApplication app) =>
        throw new NotImplementedException("contract stub: the API helper fills this in");
}
