using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace PacketCapture.Host.Api;

/// <summary>Asks <see cref="IApiAccess"/> for one request and answers a refusal: the caller's denial status,
/// or 503 when access cannot be decided (never a 200 without a decision).</summary>
internal static class AccessCheck
{
    /// <summary>True when allowed; otherwise the response has been written.</summary>
    public static async Task<bool> AllowedAsync(
        HttpContext context, ApiUser user, string? ns, string resource, string verb, string? name, Func<ApiStatus> denial)
    {
        var access = context.RequestServices.GetRequiredService<IApiAccess>();
        try
        {
            if (await access.AllowsAsync(user, ns, resource, verb, name, context.RequestAborted).ConfigureAwait(false))
            {
                return true;
            }

            await denial().WriteAsync(context.Response).ConfigureAwait(false);
        }
        catch (AccessReviewUnavailableException e)
        {
            await ApiStatus.Unavailable(e.Message).WriteAsync(context.Response).ConfigureAwait(false);
        }

        return false;
    }
}
