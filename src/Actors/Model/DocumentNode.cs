namespace PacketCapture.Actors.Model;

/// <summary>
/// A format-neutral tree of one input document. YAML and JSON both load into it, so
/// binding and validation run once and name the same field paths for either format.
/// </summary>
public abstract record DocumentNode(int Line, int Column)
{
    /// <summary>What the node is, in the words an error message uses ("a string", "a list").</summary>
    public abstract string Describe();
}

/// <summary>A mapping (YAML) or object (JSON); keys keep their written order.</summary>
public sealed record MapNode(IReadOnlyList<KeyValuePair<string, DocumentNode>> Entries, int Line, int Column)
    : DocumentNode(Line, Column)
{
    /// <inheritdoc />
    public override string Describe() => "a map";
}

/// <summary>A sequence (YAML) or array (JSON).</summary>
public sealed record ListNode(IReadOnlyList<DocumentNode> Items, int Line, int Column) : DocumentNode(Line, Column)
{
    /// <inheritdoc />
    public override string Describe() => "a list";
}

/// <summary>How a scalar was written, which decides how it may be read.</summary>
public enum ScalarKind
{
    /// <summary>A quoted string, or a plain scalar that is not a number, bool or null.</summary>
    String,
    /// <summary>An integer written without quotes.</summary>
    Integer,
    /// <summary>A non-integer number written without quotes.</summary>
    Float,
    /// <summary><c>true</c> or <c>false</c> written without quotes.</summary>
    Boolean,
    /// <summary><c>null</c>, <c>~</c> or an empty plain value.</summary>
    Null,
}

/// <summary>A scalar value with the text as written and the kind it resolved to.</summary>
public sealed record ScalarNode(string Text, ScalarKind Kind, int Line, int Column) : DocumentNode(Line, Column)
{
    /// <inheritdoc />
    public override string Describe() => Kind switch
    {
        ScalarKind.String => "a string",
        ScalarKind.Integer => "a number",
        ScalarKind.Float => "a number",
        ScalarKind.Boolean => "a boolean",
        _ => "null",
    };
}
