using System.Net;
using System.Text;
using System.Text.Json;

namespace PacketCapture.Host.Cli.Client;

/// <summary>
/// Turns an error answer into one line: the <c>message</c> of a Kubernetes <c>Status</c>
/// body when there is one, else the status code and the start of the body.
/// </summary>
public static class StatusError
{
    private const int MaxMessageLength = 500;

    /// <summary>The one-line message for an answer with <paramref name="code"/> and <paramref name="body"/>.</summary>
    public static string Message(HttpStatusCode code, string? body)
    {
        if (FromStatus(body) is { } message)
        {
            return OneLine(message);
        }

        var text = OneLine(body ?? "");
        var status = $"the server answered {(int)code} {Phrase(code)}";
        return text.Length == 0 ? status : $"{status}: {text}";
    }

    /// <summary>The exit code for an error answer: a refusal (4xx) is the user's to fix; 5xx means the service failed.</summary>
    public static int ExitCode(HttpStatusCode code) => (int)code >= 500 ? ExitCodes.Unavailable : ExitCodes.InvalidInput;

    /// <summary>Removes line breaks and control characters and bounds the length: a server's words must stay one line.</summary>
    public static string OneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(Math.Min(text.Length, MaxMessageLength + 1));
        var space = false;
        foreach (var c in text.Trim())
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
            if (builder.Length >= MaxMessageLength)
            {
                return builder.Append('…').ToString();
            }
        }

        return builder.ToString();
    }

    private static string? FromStatus(string? body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object &&
                   root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String &&
                   message.GetString() is { Length: > 0 } text
                ? text
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Phrase(HttpStatusCode code) => code switch
    {
        HttpStatusCode.BadRequest => "Bad Request",
        HttpStatusCode.Unauthorized => "Unauthorized",
        HttpStatusCode.Forbidden => "Forbidden",
        HttpStatusCode.NotFound => "Not Found",
        HttpStatusCode.Conflict => "Conflict",
        HttpStatusCode.RequestEntityTooLarge => "Content Too Large",
        HttpStatusCode.InternalServerError => "Internal Server Error",
        HttpStatusCode.BadGateway => "Bad Gateway",
        HttpStatusCode.ServiceUnavailable => "Service Unavailable",
        _ => code.ToString(),
    };
}
