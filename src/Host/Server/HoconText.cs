using System.Text;

namespace PacketCapture.Host.Server;

/// <summary>Writes values given from outside (environment, options) into HOCON text as inert quoted strings.</summary>
internal static class HoconText
{
    /// <summary>A double-quoted HOCON string. Control characters are refused rather than escaped:
    /// no configuration value has a reason to hold one.</summary>
    /// <exception cref="FormatException">The value holds a control character.</exception>
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                throw new FormatException($"has a control character (U+{(int)c:X4})");
            }

            if (c is '"' or '\\')
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.Append('"').ToString();
    }
}
