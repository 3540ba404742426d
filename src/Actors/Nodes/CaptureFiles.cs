using PacketCapture.Capture;

namespace PacketCapture.Actors.Nodes;

/// <summary>
/// The node agent's file operations on a capture directory. Every directory comes from
/// <see cref="PcapFileNames.CaptureDirectory"/> and every name is matched against
/// <see cref="PcapFileNames"/>' patterns, so nothing outside the capture directory is touched.
/// </summary>
internal static class CaptureFiles
{
    public static string DirectoryOf(string root, string @namespace, string captureName) =>
        PcapFileNames.CaptureDirectory(root, @namespace, captureName);

    /// <summary>The <c>.pcap</c> names of the directory, sorted ordinally; empty when it does not exist.</summary>
    public static IReadOnlyList<string> PcapNames(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var names = Directory.EnumerateFiles(directory, "*" + PcapFileNames.Extension, SearchOption.TopDirectoryOnly)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(n => n.EndsWith(PcapFileNames.Extension, StringComparison.Ordinal))
            .ToList();
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>Deletes the active and rotated files of one pod and interface; other files stay.</summary>
    public static int RemoveEndpointFiles(string directory, string pod, string interfaceName)
    {
        var removed = 0;
        foreach (var name in PcapNames(directory))
        {
            if (PcapFileNames.IsFileOf(name, pod, interfaceName))
            {
                File.Delete(Path.Combine(directory, name));
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Deletes every <c>.pcap</c> file of the directory (a clean).</summary>
    public static int RemovePcapFiles(string directory)
    {
        var names = PcapNames(directory);
        foreach (var name in names)
        {
            File.Delete(Path.Combine(directory, name));
        }

        return names.Count;
    }

    /// <summary>Deletes the capture directory with everything in it (a deleted capture).</summary>
    public static void RemoveDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>True when the network interface exists on this host (<c>/sys/class/net/&lt;name&gt;</c>).</summary>
    public static bool InterfaceExists(string interfaceName)
    {
        try
        {
            PcapFileNames.ValidateComponent(interfaceName, nameof(interfaceName));
        }
        catch (CaptureArgumentException)
        {
            return false;
        }

        return Directory.Exists(Path.Combine("/sys/class/net", interfaceName));
    }
}
