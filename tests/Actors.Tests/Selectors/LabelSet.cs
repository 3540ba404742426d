namespace PacketCapture.Actors.Tests.Selectors;

/// <summary>Builds endpoint labels from compact test notation: "a=1, b=" (a value may be empty).</summary>
internal static class LabelSet
{
    public static Dictionary<string, string> Of(string notation)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in notation.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=');
            labels.Add(pair[..equals], pair[(equals + 1)..]);
        }

        return labels;
    }
}
