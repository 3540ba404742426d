using System.Text;

namespace PacketCapture.Actors.Selectors;

/// <summary><c>key starts with 'text'</c>: the label is present and its value starts with <see cref="Value"/> (ordinal).</summary>
public sealed record StartsWithNode : SelectorNode
{
    /// <summary>Creates the node.</summary>
    /// <param name="key">A label key: 1 to 512 letters, digits, '_', '.', '/' or '-'.</param>
    /// <param name="value">The value to compare with; it cannot contain both quote characters.</param>
    /// <exception cref="ArgumentException">The key is not a valid label key, or the value cannot be written.</exception>
    public StartsWithNode(string key, string value)
    {
        Key = LabelText.RequireKey(key, nameof(key));
        Value = LabelText.RequireValue(value, nameof(value));
    }

    /// <summary>The label key.</summary>
    public string Key { get; }

    /// <summary>The value compared with, by ordinal comparison.</summary>
    public string Value { get; }

    /// <inheritdoc/>
    public override bool Matches(IReadOnlyDictionary<string, string> labels) =>
        labels.TryGetValue(Key, out var actual) && actual.StartsWith(Value, StringComparison.Ordinal);

    internal override void WriteCanonical(StringBuilder builder)
    {
        builder.Append(Key).Append(" starts with ");
        LabelText.WriteQuoted(builder, Value);
    }
}
