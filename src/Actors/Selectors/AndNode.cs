using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;

namespace PacketCapture.Actors.Selectors;

/// <summary>
/// <c>e1 &amp;&amp; e2 &amp;&amp; ...</c>: every operand holds. Evaluation stops at the first that does not.
/// </summary>
public sealed record AndNode : SelectorNode
{
    /// <summary>Creates the node; operands that are themselves AndNodes are spliced in.</summary>
    /// <param name="operands">At least two expressions (after flattening).</param>
    /// <exception cref="ArgumentException">Fewer than two operands.</exception>
    public AndNode(IEnumerable<SelectorNode> operands) =>
        Operands = OperandList.Flatten<AndNode>(operands, static node => node.Operands);

    /// <summary>Creates the node; operands that are themselves AndNodes are spliced in.</summary>
    /// <param name="operands">At least two expressions (after flattening).</param>
    /// <exception cref="ArgumentException">Fewer than two operands.</exception>
    public AndNode(params SelectorNode[] operands)
        : this((IEnumerable<SelectorNode>)operands)
    {
    }

    private AndNode(ImmutableArray<SelectorNode> flattenedOperands) => Operands = flattenedOperands;

    /// <summary>The operands in the order written; never AndNodes themselves, at least two.</summary>
    public ImmutableArray<SelectorNode> Operands { get; }

    /// <inheritdoc/>
    public override bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var operands = Operands;
        for (var i = 0; i < operands.Length; i++)
        {
            if (!operands[i].Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether both nodes have equal operands in the same order.</summary>
    /// <param name="other">The node to compare with.</param>
    /// <returns><see langword="true"/> when the operands are equal.</returns>
    public bool Equals(AndNode? other) =>
        ReferenceEquals(this, other) || (other is not null && OperandList.SequenceEqual(Operands, other.Operands));

    /// <inheritdoc/>
    public override int GetHashCode() => OperandList.Hash(Operands);

    /// <summary>Takes ownership of parser-built operands, already flattened and at least two.</summary>
    internal static AndNode FromFlattened(SelectorNode[] operands) =>
        new(ImmutableCollectionsMarshal.AsImmutableArray(operands));

    internal override void WriteCanonical(StringBuilder builder)
    {
        var operands = Operands;
        for (var i = 0; i < operands.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(" && ");
            }

            // Only || binds looser than &&; nested && operands were flattened away.
            if (operands[i] is OrNode)
            {
                builder.Append('(');
                operands[i].WriteCanonical(builder);
                builder.Append(')');
            }
            else
            {
                operands[i].WriteCanonical(builder);
            }
        }
    }
}
