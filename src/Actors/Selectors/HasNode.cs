using System.Text;

namespace PacketCapture.Actors.Selectors;

/// <summary><c>has(key)</c>: the label is present, whatever its value (the empty value included).</summary>
public sealed record HasNode : SelectorNode
{
    /// <summary>Creates the node.</summary>
    /// <param name="key">A label key: 1 to 512 letters, digits, '_', '.', '/' or '-'.</param>
    /// <exception cref="ArgumentException">The key is not a valid label key.</exception>
    public HasNode(string key) => Key = LabelText.RequireKey(key, nameof(key));

    /// <summary>The label key.</summary>
    public string Key { get; }

    /// <inheritdoc/>
    public override bool Matches(IReadOnlyDictionary<string, string> labels) => labels.ContainsKey(Key);

    internal override void WriteCanonical(StringBuilder builder) => builder.Append("has(").Append(Key).Append(')');
}
