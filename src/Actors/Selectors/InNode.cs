using System.Text;

namespace PacketCapture.Actors.Selectors;

/// <summary><c>key in { 'v1', 'v2' }</c>: the label is present and its value is in the set.</summary>
public sealed record InNode : SelectorNode
{
    /// <summary>Creates the node.</summary>
    /// <param name="key">A label key: 1 to 512 letters, digits, '_', '.', '/' or '-'.</param>
    /// <param name="values">The set of values.</param>
    /// <exception cref="ArgumentException">The key is not a valid label key.</exception>
    public InNode(string key, LabelValueSet values)
    {
        Key = LabelText.RequireKey(key, nameof(key));
        ArgumentNullException.ThrowIfNull(values);
        Values = values;
    }

    /// <summary>The label key.</summary>
    public string Key { get; }

    /// <summary>The set of values, compared by content.</summary>
    public LabelValueSet Values { get; }

    /// <inheritdoc/>
    public override bool Matches(IReadOnlyDictionary<string, string> labels) =>
        labels.TryGetValue(Key, out var actual) && Values.Contains(actual);

    internal override void WriteCanonical(StringBuilder builder)
    {
        builder.Append(Key).Append(" in ");
        Values.WriteCanonical(builder);
    }
}
