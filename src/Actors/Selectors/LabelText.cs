using System.Buffers;
using System.Text;

namespace PacketCapture.Actors.Selectors;

/// <summary>The lexical rules for label keys and quoted values, shared by the parser and the nodes.</summary>
internal static class LabelText
{
    /// <summary>The longest label key the language accepts, as in Calico.</summary>
    public const int MaxKeyLength = 512;

    /// <summary>The characters of a label key, for vectorised scans.</summary>
    public static readonly SearchValues<char> KeyChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-");

    public static bool IsKeyChar(char c) =>
        (uint)((c | 0x20) - 'a') <= 'z' - 'a'
        || (uint)(c - '0') <= 9
        || c is '_' or '.' or '/' or '-';

    public static bool IsValidKey(string key) =>
        key.Length is > 0 and <= MaxKeyLength && !key.AsSpan().ContainsAnyExcept(KeyChars);

    public static string RequireKey(string key, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(key, parameterName);
        if (!IsValidKey(key))
        {
            throw new ArgumentException(
                $"'{key}' is not a label key: use 1 to {MaxKeyLength} letters, digits, '_', '.', '/' or '-'.",
                parameterName);
        }

        return key;
    }

    public static string RequireValue(string value, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);

        // The language has no escapes, so a value holding both quote characters has no spelling.
        if (value.Contains('"') && value.Contains('\''))
        {
            throw new ArgumentException(
                "A selector value cannot contain both ' and \" because selector strings have no escapes.",
                parameterName);
        }

        return value;
    }

    public static void WriteQuoted(StringBuilder builder, string value)
    {
        var quote = value.Contains('"') ? '\'' : '"';
        builder.Append(quote).Append(value).Append(quote);
    }
}
