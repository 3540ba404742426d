using System.Diagnostics.CodeAnalysis;

namespace PacketCapture.Actors.Selectors;

/// <summary>
/// An immutable, parsed Calico label selector, evaluated against the labels of a workload
/// endpoint. Two selectors are equal when their syntax trees are equal.
/// </summary>
/// <remarks>
/// Parse with <see cref="Parse"/> or <see cref="TryParse"/>; empty or blank text means
/// <c>all()</c>. <see cref="Matches"/> does not allocate, so it is safe on hot paths.
/// </remarks>
public sealed class Selector : IEquatable<Selector>
{
    /// <summary>The label Calico puts on every workload endpoint naming its namespace.</summary>
    public const string NamespaceLabel = "projectcalico.org/namespace";

    /// <summary>The longest selector text accepted, in characters.</summary>
    public const int MaxLength = 10_000;

    /// <summary>The deepest nesting of parentheses accepted; it bounds recursion in the parser and the tree.</summary>
    public const int MaxNestingDepth = 100;

    private string? _canonical;

    /// <summary>Wraps a syntax tree built in code rather than parsed.</summary>
    /// <param name="root">The expression.</param>
    public Selector(SelectorNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        Root = root;
    }

    /// <summary>The selector <c>all()</c>, which matches every endpoint.</summary>
    public static Selector All { get; } = new(AllNode.Instance);

    /// <summary>The syntax tree.</summary>
    public SelectorNode Root { get; }

    /// <summary>Parses selector text.</summary>
    /// <param name="text">The selector; empty or blank (spaces and tabs) text means <c>all()</c>.</param>
    /// <returns>The parsed selector.</returns>
    /// <exception cref="SelectorParseException">The text is not a valid selector.</exception>
    public static Selector Parse(string text) => new(SelectorParser.Parse(text));

    /// <summary>Parses selector text, reporting a problem instead of throwing.</summary>
    /// <param name="text">The selector; empty or blank (spaces and tabs) text means <c>all()</c>.</param>
    /// <param name="selector">The parsed selector, when the text is valid.</param>
    /// <param name="error">Where and why parsing failed, when the text is not valid.</param>
    /// <returns><see langword="true"/> when the text is a valid selector.</returns>
    public static bool TryParse(
        string text,
        [NotNullWhen(true)] out Selector? selector,
        [NotNullWhen(false)] out SelectorParseException? error)
    {
        try
        {
            selector = Parse(text);
            error = null;
            return true;
        }
        catch (SelectorParseException exception)
        {
            selector = null;
            error = exception;
            return false;
        }
    }

    /// <summary>Whether the endpoint with these labels is selected. Does not allocate.</summary>
    /// <param name="labels">The endpoint's labels.</param>
    /// <returns><see langword="true"/> when the selector holds for <paramref name="labels"/>.</returns>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return Root.Matches(labels);
    }

    /// <summary>
    /// The canonical text: double quotes unless the value holds a <c>"</c>, one space around
    /// binary operators, <c>!</c> written tight, set values sorted by ordinal order without
    /// duplicates, and only the parentheses the tree needs. It parses back to an equal selector.
    /// </summary>
    /// <returns>The canonical text, computed once.</returns>
    public string ToCanonicalString() => _canonical ??= Root.ToString();

    /// <inheritdoc cref="ToCanonicalString"/>
    public override string ToString() => ToCanonicalString();

    /// <summary>
    /// Restricts the selector to one namespace, as a capture only selects endpoints of its own
    /// namespace: <c>(this) &amp;&amp; projectcalico.org/namespace == "ns"</c>.
    /// </summary>
    /// <param name="namespace">The namespace name.</param>
    /// <returns>The scoped selector.</returns>
    public Selector ScopedToNamespace(string @namespace) =>
        new(new AndNode(Root, new EqualNode(NamespaceLabel, @namespace)));

    /// <summary>Whether both selectors have equal syntax trees.</summary>
    /// <param name="other">The selector to compare with.</param>
    /// <returns><see langword="true"/> when the trees are equal.</returns>
    public bool Equals(Selector? other) => other is not null && Root.Equals(other.Root);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Selector);

    /// <inheritdoc/>
    public override int GetHashCode() => Root.GetHashCode();
}
