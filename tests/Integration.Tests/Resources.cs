using PacketCapture.Actors.Model;

namespace PacketCapture.Integration.Tests;

internal static class Resources
{
    public static PacketCaptureResource Capture(string ns, string name, string selector, string? filters = null, DateTimeOffset? end = null)
    {
        var text = $"""
            apiVersion: projectcalico.org/v3
            kind: PacketCapture
            metadata:
              name: {name}
              namespace: {ns}
            spec:
              selector: "{selector}"
            """;
        if (filters is not null)
        {
            text += $"\n  filters: {filters}";
        }

        if (end is { } e)
        {
            text += $"\n  endTime: \"{Rfc3339.Format(e)}\"";
        }

        var result = ResourceReader.ReadSingle(text);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        return result.Resource!;
    }
}
