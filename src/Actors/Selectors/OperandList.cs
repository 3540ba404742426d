using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace PacketCapture.Actors.Selectors;

/// <summary>Builds the flattened operand arrays of <see cref="AndNode"/> and <see cref="OrNode"/>.</summary>
internal static class OperandList
{
    /// <summary>
    /// Copies the operands, splicing in the operands of any nested node of the same kind so that
    /// grouping of an associative operator never changes the tree.
    /// </summary>
    public static ImmutableArray<SelectorNode> Flatten<TNode>(IEnumerable<SelectorNode> operands, Func<TNode, ImmutableArray<SelectorNode>> operandsOf)
        where TNode : SelectorNode
    {
        ArgumentNullException.ThrowIfNull(operands);
        var flat = new List<SelectorNode>();
        foreach (var operand in operands)
        {
            ArgumentNullException.ThrowIfNull(operand, nameof(operands));
            if (operand is TNode same)
            {
                flat.AddRange(operandsOf(same));
            }
            else
            {
                flat.Add(operand);
            }
        }

        if (flat.Count < 2)
        {
            throw new ArgumentException("An && or || expression needs at least two operands.", nameof(operands));
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(flat.ToArray());
    }

    public static bool SequenceEqual(ImmutableArray<SelectorNode> left, ImmutableArray<SelectorNode> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (!left[i].Equals(right[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static int Hash(ImmutableArray<SelectorNode> operands)
    {
        var hash = new HashCode();
        foreach (var operand in operands)
        {
            hash.Add(operand);
        }

        return hash.ToHashCode();
    }
}
