using System.Globalization;
using System.Text.RegularExpressions;

namespace PacketCapture.Capture;

/// <summary>
/// File and directory names of SPEC.md §5: <c>&lt;dir&gt;/&lt;namespace&gt;/&lt;capture&gt;/</c>,
/// active <c>&lt;pod&gt;_&lt;interface&gt;.pcap</c>, rotated <c>&lt;pod&gt;_&lt;interface&gt;-&lt;unix µs&gt;.pcap</c>.
/// Every component is validated so no input can build a path outside the capture directory.
/// </summary>
public static partial class PcapFileNames
{
    /// <summary>Extension of every capture file.</summary>
    public const string Extension = ".pcap";

    /// <summary>
    /// Throws <see cref="CaptureArgumentException"/> unless <paramref name="value"/> is a safe
    /// single path component: 1–253 characters of letters, digits, '.', '-', '_', starting
    /// with a letter or digit (which also rules out "." and "..").
    /// </summary>
    public static void ValidateComponent(string? value, string paramName)
    {
        if (value is null || !SafeComponent().IsMatch(value))
        {
            throw new CaptureArgumentException(
                $"{paramName} \"{value}\" is not a safe name: use 1-253 letters, digits, '.', '-' or '_', starting with a letter or digit",
                paramName);
        }
    }

    /// <summary>The capture's directory: <c>&lt;captureDirectory&gt;/&lt;namespace&gt;/&lt;captureName&gt;</c>.</summary>
    public static string CaptureDirectory(string captureDirectory, string @namespace, string captureName)
    {
        ValidateComponent(@namespace, nameof(@namespace));
        ValidateComponent(captureName, nameof(captureName));
        return Path.Combine(captureDirectory, @namespace, captureName);
    }

    /// <summary>The active file's name: <c>&lt;pod&gt;_&lt;interface&gt;.pcap</c>.</summary>
    public static string Active(string podName, string interfaceName)
    {
        ValidateComponent(podName, nameof(podName));
        ValidateComponent(interfaceName, nameof(interfaceName));
        return $"{podName}_{interfaceName}{Extension}";
    }

    /// <summary>A rotated file's name: <c>&lt;pod&gt;_&lt;interface&gt;-&lt;unixMicroseconds&gt;.pcap</c>.</summary>
    public static string Rotated(string podName, string interfaceName, long unixMicroseconds)
    {
        ValidateComponent(podName, nameof(podName));
        ValidateComponent(interfaceName, nameof(interfaceName));
        ArgumentOutOfRangeException.ThrowIfNegative(unixMicroseconds);
        return string.Create(CultureInfo.InvariantCulture, $"{podName}_{interfaceName}-{unixMicroseconds}{Extension}");
    }

    /// <summary>Unix microseconds of <paramref name="time"/>, the index of a rotated file.</summary>
    public static long UnixMicroseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>
    /// When <paramref name="fileName"/> is a rotated file of any pod and interface, returns true
    /// with its rotation time in unix microseconds.
    /// </summary>
    public static bool TryParseRotated(string fileName, out long unixMicroseconds)
    {
        unixMicroseconds = 0;
        var match = RotatedName().Match(fileName);
        return match.Success
            && long.TryParse(match.Groups["us"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out unixMicroseconds);
    }

    /// <summary>
    /// True when <paramref name="fileName"/> is the active file of <paramref name="podName"/> on
    /// <paramref name="interfaceName"/> or one of its rotated files; false for any other name.
    /// </summary>
    public static bool IsFileOf(string fileName, string podName, string interfaceName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var active = Active(podName, interfaceName);
        if (string.Equals(fileName, active, StringComparison.Ordinal))
        {
            return true;
        }

        var prefixLength = active.Length - Extension.Length;
        if (fileName.Length <= prefixLength + 1 + Extension.Length ||
            !fileName.AsSpan(0, prefixLength).SequenceEqual(active.AsSpan(0, prefixLength)) ||
            fileName[prefixLength] != '-' ||
            !fileName.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        var index = fileName.AsSpan(prefixLength + 1, fileName.Length - prefixLength - 1 - Extension.Length);
        return index.Length <= 18 && !index.ContainsAnyExcept("0123456789");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeComponent();

    // The interface part may itself contain '-', so the index is the last "-digits" before ".pcap".
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*_[A-Za-z0-9][A-Za-z0-9._-]*-(?<us>[0-9]{1,18})\.pcap$", RegexOptions.CultureInvariant)]
    private static partial Regex RotatedName();
}
