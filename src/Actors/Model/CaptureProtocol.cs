namespace PacketCapture.Actors.Model;

/// <summary>
/// A filter's protocol: one of the names the resource accepts, or an IP protocol number.
/// A name and its number are different values on purpose: they compile to different
/// filter expressions (SPEC.md §4) and are written back as the user wrote them.
/// </summary>
public readonly record struct CaptureProtocol
{
    private static readonly (string Name, int Number)[] Named =
    [
        ("TCP", 6), ("UDP", 17), ("ICMP", 1), ("ICMPv6", 58), ("SCTP", 132), ("UDPLite", 136),
    ];

    private CaptureProtocol(string? name, int number)
    {
        Name = name;
        Number = number;
    }

    /// <summary>The name as written (<c>TCP</c>…), or null when given as a number.</summary>
    public string? Name { get; }

    /// <summary>The IP protocol number.</summary>
    public int Number { get; }

    /// <summary>True when the protocol carries ports: TCP, UDP, SCTP, by name or number.</summary>
    public bool HasPorts => Number is 6 or 17 or 132;

    /// <summary>The accepted names, for help text and errors.</summary>
    public static IEnumerable<string> Names => Named.Select(n => n.Name);

    /// <summary>Tries an exact (case-sensitive) protocol name.</summary>
    public static bool TryFromName(string name, out CaptureProtocol protocol)
    {
        foreach (var (n, number) in Named)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                protocol = new CaptureProtocol(n, number);
                return true;
            }
        }

        protocol = default;
        return false;
    }

    /// <summary>A name that matches ignoring case, to suggest to a user who typed <c>tcp</c>.</summary>
    public static string? SuggestName(string name) =>
        Named.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase)).Name;

    /// <summary>A protocol given by number (1–255).</summary>
    public static CaptureProtocol FromNumber(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, 255);
        return new CaptureProtocol(null, number);
    }

    /// <inheritdoc />
    public override string ToString() => Name ?? Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
