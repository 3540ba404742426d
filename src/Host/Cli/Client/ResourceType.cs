namespace PacketCapture.Host.Cli.Client;

/// <summary>
/// The names a user may type for the resource type (SPEC.md §1), case-insensitive, and the
/// kubectl argument shapes that carry them: <c>TYPE</c>, <c>TYPE NAME</c>, <c>TYPE/NAME</c>.
/// </summary>
public static class ResourceType
{
    /// <summary>Every accepted spelling, lowercase.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "packetcapture", "packetcaptures",
        "packetcapture.projectcalico.org", "packetcaptures.projectcalico.org",
        "packetcapture.p", "packetcaptures.p",
    ];

    /// <summary>True when <paramref name="text"/> names the PacketCapture type.</summary>
    public static bool IsName(string text) => Names.Contains(text, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The capture name, if any, of <c>get</c>'s arguments: none (list), <c>TYPE</c> (list),
    /// <c>NAME</c>, <c>TYPE/NAME</c>, or <c>TYPE NAME</c>. A lone word that is one of the type's
    /// names lists (as in kubectl); any other lone word is a capture name (the issue's <c>get [NAME]</c>).
    /// </summary>
    /// <exception cref="UserInputException">An unknown type, or too many arguments.</exception>
    public static string? NameForGet(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.Count switch
        {
            0 => null,
            1 when arguments[0].Contains('/', StringComparison.Ordinal) || IsName(arguments[0]) => TypeOrTypeAndName(arguments[0]),
            1 => arguments[0],
            2 => TypeThenName(arguments[0], arguments[1]),
            _ => throw new UserInputException("expected [TYPE] [NAME], got more arguments"),
        };
    }

    /// <summary>The capture name of <c>describe</c>/<c>delete</c>'s arguments: <c>NAME</c>, <c>TYPE/NAME</c>, or <c>TYPE NAME</c>.</summary>
    /// <exception cref="UserInputException">No name, an unknown type, or too many arguments.</exception>
    public static string NameRequired(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.Count switch
        {
            0 => throw new UserInputException("a capture NAME is required"),
            1 when arguments[0].Contains('/', StringComparison.Ordinal) => TypeOrTypeAndName(arguments[0])!,
            1 when IsName(arguments[0]) => throw new UserInputException($"a capture NAME is required after \"{arguments[0]}\""),
            1 => arguments[0],
            2 => TypeThenName(arguments[0], arguments[1]),
            _ => throw new UserInputException("expected [TYPE] NAME, got more arguments"),
        };
    }

    private static string? TypeOrTypeAndName(string argument)
    {
        var slash = argument.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            Check(argument);
            return null;
        }

        Check(argument[..slash]);
        var name = argument[(slash + 1)..];
        return name.Length == 0 ? throw new UserInputException($"\"{argument}\": the NAME after \"/\" is missing") : name;
    }

    private static string TypeThenName(string type, string name)
    {
        if (type.Contains('/', StringComparison.Ordinal))
        {
            throw new UserInputException($"\"{type}\": give TYPE/NAME or TYPE NAME, not both");
        }

        Check(type);
        return name;
    }

    private static void Check(string type)
    {
        if (!IsName(type))
        {
            throw new UserInputException($"unknown resource type \"{type}\" (use packetcaptures)");
        }
    }
}
