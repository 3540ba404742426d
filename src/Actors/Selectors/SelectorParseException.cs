namespace PacketCapture.Actors.Selectors;

/// <summary>
/// Selector text that is not a valid selector. The message is one plain line naming the character
/// offset, what the parser expected there and what it found, for example
/// <c>at offset 12: expected a string in quotes, found '}'</c>.
/// </summary>
public sealed class SelectorParseException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="offset">The 0-based character offset of the problem.</param>
    /// <param name="expected">What the parser expected there, in plain words.</param>
    /// <param name="found">What it found there, in plain words.</param>
    public SelectorParseException(int offset, string expected, string found)
        : base($"at offset {offset}: expected {expected}, found {found}")
    {
        Offset = offset;
        Expected = expected;
        Found = found;
    }

    /// <summary>The 0-based character offset in the selector text where the problem is.</summary>
    public int Offset { get; }

    /// <summary>What the parser expected at <see cref="Offset"/>, e.g. "a label key".</summary>
    public string Expected { get; }

    /// <summary>What the parser found at <see cref="Offset"/>, e.g. "'}'" or "end of selector".</summary>
    public string Found { get; }
}
