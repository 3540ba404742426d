using System.Text;

namespace PacketCapture.Actors.Selectors;

/// <summary><c>all()</c>: selects every endpoint. Empty selector text also parses to this.</summary>
public sealed record AllNode : SelectorNode
{
    /// <summary>The one instance the parser uses; every <see cref="AllNode"/> is equal to it.</summary>
    public static AllNode Instance { get; } = new();

    /// <inheritdoc/>
    public override bool Matches(IReadOnlyDictionary<string, string> labels) => true;

    internal override void WriteCanonical(StringBuilder builder) => builder.Append("all()");
}
