using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace PacketCapture.Host.Api;

/// <summary>Reads a request body as text: only the media types the API speaks, never more than the limit in memory.</summary>
public static class RequestBody
{
    private static readonly string[] MediaTypes = ["application/json", "application/yaml", "application/x-yaml", "text/yaml"];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Why the Content-Type is refused, or null.</summary>
    public static string? ContentTypeProblem(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return $"Content-Type is required: one of {string.Join(", ", MediaTypes)}";
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) ||
            !MediaTypes.Contains(media.MediaType.Value ?? "", StringComparer.OrdinalIgnoreCase))
        {
            return $"Content-Type \"{contentType}\" is not supported; use one of {string.Join(", ", MediaTypes)}";
        }

        var charset = media.Charset.Value;
        return charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"Content-Type charset \"{charset}\" is not supported; bodies are UTF-8";
    }

    /// <summary>The body as text, or the Status to answer (415, 413, 400).</summary>
    public static async Task<(string? Text, ApiStatus? Error)> ReadAsync(HttpRequest request, long limit)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ContentTypeProblem(request.ContentType) is { } problem)
        {
            return (null, ApiStatus.UnsupportedMediaType(problem));
        }

        if (request.ContentLength > limit)
        {
            return (null, ApiStatus.TooLarge(limit));
        }

        // One byte over the limit is enough to know the body is too large; nothing more is read.
        var capacity = (int)Math.Min(limit + 1, request.ContentLength is { } length ? length + 1 : 64 * 1024);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 4096));
        var count = 0;
        try
        {
            while (true)
            {
                if (count == buffer.Length)
                {
                    if (count > limit)
                    {
                        return (null, ApiStatus.TooLarge(limit));
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1, (long)buffer.Length * 2));
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(count, (int)Math.Min(buffer.Length - count, limit + 1 - count)), request.HttpContext.RequestAborted)
                    .ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                count += read;
                if (count > limit)
                {
                    return (null, ApiStatus.TooLarge(limit));
                }
            }

            try
            {
                return (StrictUtf8.GetString(buffer, 0, count), null);
            }
            catch (DecoderFallbackException)
            {
                return (null, ApiStatus.BadRequest("body: is not valid UTF-8"));
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ApiStatus.TooLarge(limit));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
