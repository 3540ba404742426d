using PacketCapture.Actors.Selectors;

namespace PacketCapture.Actors.Tests.Selectors;

/// <summary>
/// An evaluator written straight from the specification table, independent of the nodes'
/// own <see cref="SelectorNode.Matches"/>, to check it against.
/// </summary>
internal static class ReferenceEvaluator
{
    public static bool Evaluate(SelectorNode node, IReadOnlyDictionary<string, string> labels) => node switch
    {
        AllNode or GlobalNode => true,
        HasNode has => labels.ContainsKey(has.Key),
        EqualNode n => labels.TryGetValue(n.Key, out var v) && v == n.Value,
        NotEqualNode n => !labels.TryGetValue(n.Key, out var v) || v != n.Value,
        ContainsNode n => labels.TryGetValue(n.Key, out var v) && v.IndexOf(n.Value, StringComparison.Ordinal) >= 0,
        StartsWithNode n => labels.TryGetValue(n.Key, out var v) && v.Length >= n.Value.Length && v[..n.Value.Length] == n.Value,
        EndsWithNode n => labels.TryGetValue(n.Key, out var v) && v.Length >= n.Value.Length && v[^n.Value.Length..] == n.Value,
        InNode n => labels.TryGetValue(n.Key, out var v) && n.Values.Any(member => member == v),
        NotInNode n => !labels.TryGetValue(n.Key, out var v) || n.Values.All(member => member != v),
        NotNode n => !Evaluate(n.Operand, labels),
        AndNode n => n.Operands.All(operand => Evaluate(operand, labels)),
        OrNode n => n.Operands.Any(operand => Evaluate(operand, labels)),
        _ => throw new InvalidOperationException($"Unknown node {node.GetType().Name}."),
    };
}
