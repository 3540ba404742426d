using System.Text;

namespace PacketCapture.Actors.Selectors;

/// <summary><c>!e</c>: the operand does not hold.</summary>
public sealed record NotNode : SelectorNode
{
    /// <summary>Creates the node.</summary>
    /// <param name="operand">The negated expression.</param>
    public NotNode(SelectorNode operand)
    {
        ArgumentNullException.ThrowIfNull(operand);
        Operand = operand;
    }

    /// <summary>The negated expression.</summary>
    public SelectorNode Operand { get; }

    /// <inheritdoc/>
    public override bool Matches(IReadOnlyDictionary<string, string> labels) => !Operand.Matches(labels);

    internal override void WriteCanonical(StringBuilder builder)
    {
        builder.Append('!');

        // A bare "!!e" would re-parse as e (the parser cancels runs of '!'), so a negated
        // negation keeps its parentheses; && and || bind looser than '!'.
        if (Operand is NotNode or AndNode or OrNode)
        {
            builder.Append('(');
            Operand.WriteCanonical(builder);
            builder.Append(')');
        }
        else
        {
            Operand.WriteCanonical(builder);
        }
    }
}
