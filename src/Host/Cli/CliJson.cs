using System.Text.Encodings.Web;
using System.Text.Json;

namespace PacketCapture.Host.Cli;

/// <summary>JSON settings for CLI output: camelCase, compact, no needless escaping of quotes in selectors.</summary>
public static class CliJson
{
    /// <summary>The options every CLI JSON output uses.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
