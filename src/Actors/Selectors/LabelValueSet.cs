using System.Collections;
using System.Text;

namespace PacketCapture.Actors.Selectors;

/// <summary>
/// The values of an <c>in</c> or <c>not in</c> set: distinct, sorted by ordinal comparison, and
/// compared by content, so <c>{'b', 'a', 'a'}</c> and <c>{'a', 'b'}</c> are the same set. Sorting
/// also gives the canonical printer a deterministic order.
/// </summary>
public sealed class LabelValueSet : IReadOnlyList<string>, IEquatable<LabelValueSet>
{
    // Below this size a linear scan of ordinal compares beats a binary search.
    private const int LinearScanLimit = 8;

    private readonly string[] _values;

    /// <summary>Creates a set from values in any order; duplicates are dropped.</summary>
    /// <param name="values">The values; none may be null or contain both quote characters.</param>
    /// <exception cref="ArgumentException">A value cannot be written in selector text.</exception>
    public LabelValueSet(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var copy = values.ToArray();
        foreach (var value in copy)
        {
            LabelText.RequireValue(value, nameof(values));
        }

        _values = SortDistinct(copy);
    }

    private LabelValueSet(string[] sortedDistinct) => _values = sortedDistinct;

    /// <summary>The empty set, <c>{}</c>.</summary>
    public static LabelValueSet Empty { get; } = new(Array.Empty<string>());

    /// <summary>The number of distinct values.</summary>
    public int Count => _values.Length;

    /// <summary>The value at <paramref name="index"/> in ordinal order.</summary>
    /// <param name="index">A position from 0 to <see cref="Count"/> - 1.</param>
    public string this[int index] => _values[index];

    /// <summary>Whether <paramref name="value"/> is in the set (ordinal). Does not allocate.</summary>
    /// <param name="value">The value to look for.</param>
    /// <returns><see langword="true"/> when the set holds the value.</returns>
    public bool Contains(string value)
    {
        var values = _values;
        if (values.Length <= LinearScanLimit)
        {
            for (var i = 0; i < values.Length; i++)
            {
                if (string.Equals(values[i], value, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        var low = 0;
        var high = values.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var order = string.CompareOrdinal(values[middle], value);
            if (order == 0)
            {
                return true;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Whether both sets hold the same values.</summary>
    /// <param name="other">The set to compare with.</param>
    /// <returns><see langword="true"/> when the contents are equal.</returns>
    public bool Equals(LabelValueSet? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._values.Length != _values.Length)
        {
            return false;
        }

        for (var i = 0; i < _values.Length; i++)
        {
            if (!string.Equals(_values[i], other._values[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as LabelValueSet);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in _values)
        {
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>The set in canonical form, for example <c>{"a", "b"}</c>.</summary>
    /// <returns>The canonical text.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder();
        WriteCanonical(builder);
        return builder.ToString();
    }

    /// <summary>Builds a set from parser-read values, which are already validated.</summary>
    internal static LabelValueSet FromParsed(List<string> values)
    {
        if (values.Count == 0)
        {
            return Empty;
        }

        var copy = new string[values.Count];
        values.CopyTo(copy);
        return new LabelValueSet(SortDistinct(copy));
    }

    internal void WriteCanonical(StringBuilder builder)
    {
        builder.Append('{');
        for (var i = 0; i < _values.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            LabelText.WriteQuoted(builder, _values[i]);
        }

        builder.Append('}');
    }

    private static string[] SortDistinct(string[] values)
    {
        if (values.Length < 2)
        {
            return values;
        }

        // Sets in selectors are short, where insertion sort beats the general-purpose sort.
        if (values.Length <= LinearScanLimit)
        {
            for (var i = 1; i < values.Length; i++)
            {
                var value = values[i];
                var j = i - 1;
                while (j >= 0 && string.CompareOrdinal(values[j], value) > 0)
                {
                    values[j + 1] = values[j];
                    j--;
                }

                values[j + 1] = value;
            }
        }
        else
        {
            Array.Sort(values, StringComparer.Ordinal);
        }

        var kept = 1;
        for (var i = 1; i < values.Length; i++)
        {
            if (!string.Equals(values[i], values[kept - 1], StringComparison.Ordinal))
            {
                values[kept++] = values[i];
            }
        }

        return kept == values.Length ? values : values[..kept];
    }
}
