using System.Text;

namespace PacketCapture.Actors.Selectors;

/// <summary>
/// A node of a parsed selector's syntax tree. Nodes are immutable and compare by value, so two
/// selectors that mean the same thing as written compare equal. The hierarchy is closed: the
/// derived types in this namespace are the only ones.
/// </summary>
/// <remarks>
/// <see cref="AndNode"/> and <see cref="OrNode"/> are n-ary and flatten nested operands of their
/// own kind, so <c>a &amp;&amp; (b &amp;&amp; c)</c> and <c>a &amp;&amp; b &amp;&amp; c</c> have
/// the same tree. A run of <c>!</c> is collapsed by the parser (an even run cancels out), while
/// <c>!(!e)</c> written with parentheses keeps both negations.
/// </remarks>
public abstract record SelectorNode
{
    private protected SelectorNode()
    {
    }

    /// <summary>Whether the endpoint with these labels is selected. Does not allocate.</summary>
    /// <param name="labels">The endpoint's labels.</param>
    /// <returns><see langword="true"/> when the expression holds for <paramref name="labels"/>.</returns>
    public abstract bool Matches(IReadOnlyDictionary<string, string> labels);

    /// <summary>The canonical selector text of this node; it parses back to an equal node.</summary>
    /// <returns>The canonical text.</returns>
    public sealed override string ToString()
    {
        var builder = new StringBuilder();
        WriteCanonical(builder);
        return builder.ToString();
    }

    /// <summary>Appends the canonical text of this node.</summary>
    internal abstract void WriteCanonical(StringBuilder builder);
}
