using System.Text;

namespace PacketCapture.Actors.Selectors;

/// <summary>
/// <c>global()</c>: in Calico it tells global resources apart from namespaced ones; against a
/// workload endpoint's labels it always holds.
/// </summary>
public sealed record GlobalNode : SelectorNode
{
    /// <summary>The one instance the parser uses; every <see cref="GlobalNode"/> is equal to it.</summary>
    public static GlobalNode Instance { get; } = new();

    /// <inheritdoc/>
    public override bool Matches(IReadOnlyDictionary<string, string> labels) => true;

    internal override void WriteCanonical(StringBuilder builder) => builder.Append("global()");
}
