using System.Globalization;

namespace PacketCapture.Actors.Model;

/// <summary>A filter port: a single port, or a range written <c>"start:end"</c>.</summary>
public readonly record struct PortSpec
{
    /// <summary>Lowest valid port.</summary>
    public const int MinPort = 1;

    /// <summary>Highest valid port.</summary>
    public const int MaxPort = 65535;

    private PortSpec(int first, int last, bool isRange)
    {
        First = first;
        Last = last;
        IsRange = isRange;
    }

    /// <summary>First port of the range (the port itself for a single port).</summary>
    public int First { get; }

    /// <summary>Last port of the range (the port itself for a single port).</summary>
    public int Last { get; }

    /// <summary>True when written as <c>"start:end"</c>, even if start equals end.</summary>
    public bool IsRange { get; }

    /// <summary>A single port.</summary>
    public static PortSpec Single(int port)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(port, MinPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, MaxPort);
        return new PortSpec(port, port, false);
    }

    /// <summary>An inclusive range.</summary>
    public static PortSpec Range(int first, int last)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(first, MinPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(last, MaxPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first, last);
        return new PortSpec(first, last, true);
    }

    /// <inheritdoc />
    public override string ToString() => IsRange
        ? string.Create(CultureInfo.InvariantCulture, $"{First}:{Last}")
        : First.ToString(CultureInfo.InvariantCulture);
}
