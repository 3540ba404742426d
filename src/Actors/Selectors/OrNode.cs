using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;

namespace PacketCapture.Actors.Selectors;

/// <summary>
/// <c>e1 || e2 || ...</c>: at least one operand holds. Evaluation stops at the first that does.
/// </summary>
public sealed record OrNode : SelectorNode
{
    /// <summary>Creates the node; operands that are themselves OrNodes are spliced in.</summary>
    /// <param name="operands">At least two expressions (after flattening).</param>
    /// <exception cref="ArgumentException">Fewer than two operands.</exception>
    public OrNode(IEnumerable<SelectorNode> operands) =>
        Operands = OperandList.Flatten<OrNode>(operands, static node => node.Operands);

    /// <summary>Creates the node; operands that are themselves OrNodes are spliced in.</summary>
    /// <param name="operands">At least two expressions (after flattening).</param>
    /// <exception cref="ArgumentException">Fewer than two operands.</exception>
    public OrNode(params SelectorNode[] operands)
        : this((IEnumerable<SelectorNode>)operands)
    {
    }

    private OrNode(ImmutableArray<SelectorNode> flattenedOperands) => Operands = flattenedOperands;

    /// <summary>The operands in the order written; never OrNodes themselves, at least two.</summary>
    public ImmutableArray<SelectorNode> Operands { get; }

    /// <inheritdoc/>
    public override bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var operands = Operands;
        for (var i = 0; i < operands.Length; i++)
        {
            if (operands[i].Matches(labels))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether both nodes have equal operands in the same order.</summary>
    /// <param name="other">The node to compare with.</param>
    /// <returns><see langword="true"/> when the operands are equal.</returns>
    public bool Equals(OrNode? other) =>
        ReferenceEquals(this, other) || (other is not null && OperandList.SequenceEqual(Operands, other.Operands));

    /// <inheritdoc/>
    public override int GetHashCode() => OperandList.Hash(Operands);

    /// <summary>Takes ownership of parser-built operands, already flattened and at least two.</summary>
    internal static OrNode FromFlattened(SelectorNode[] operands) =>
        new(ImmutableCollectionsMarshal.AsImmutableArray(operands));

    internal override void WriteCanonical(StringBuilder builder)
    {
        var operands = Operands;
        for (var i = 0; i < operands.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(" || ");
            }

            // Everything binds tighter than ||, and nested || operands were flattened away.
            operands[i].WriteCanonical(builder);
        }
    }
}
