using PacketCapture.Actors.Captures;
using PacketCapture.Capture;

namespace PacketCapture.Host.Api;

/// <summary>One file to serve: its name in the zip (<c>&lt;node&gt;/&lt;file&gt;</c>) and where it is on disk.</summary>
public sealed record ServedFile(string EntryName, string FullPath);

/// <summary>
/// Which files of a capture this member serves: only its own node's, only from its capture
/// directory, and only names that look like a capture file. A name from the status is never
/// trusted as a path: anything with a separator, a dot segment or another shape is left out.
/// </summary>
public static class CaptureFileSet
{
    /// <summary>The files of <paramref name="view"/> on <paramref name="node"/> under <paramref name="captureDirectory"/>, in status order.</summary>
    public static IReadOnlyList<ServedFile> Local(CaptureView view, string node, string captureDirectory)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentException.ThrowIfNullOrEmpty(captureDirectory);
        var root = Path.GetFullPath(captureDirectory);
        var directory = Path.GetFullPath(PcapFileNames.CaptureDirectory(root, view.Key.Namespace, view.Key.Name));
        if (!IsInside(directory, root))
        {
            return [];
        }

        var files = new List<ServedFile>();
        foreach (var status in view.Nodes)
        {
            if (!string.Equals(status.Node, node, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var name in status.FileNames)
            {
                if (!IsCaptureFileName(name))
                {
                    continue;
                }

                var full = Path.GetFullPath(Path.Combine(directory, name));
                if (IsInside(full, directory))
                {
                    files.Add(new ServedFile($"{node}/{name}", full));
                }
            }
        }

        return files;
    }

    /// <summary>True for a plain <c>&lt;pod&gt;_&lt;iface&gt;[-&lt;µs&gt;].pcap</c> name: one safe path component.</summary>
    public static bool IsCaptureFileName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        try
        {
            PcapFileNames.ValidateComponent(name, "file name");
        }
        catch (CaptureArgumentException)
        {
            return false;
        }

        return name.EndsWith(PcapFileNames.Extension, StringComparison.Ordinal) &&
               name.IndexOf('_', StringComparison.Ordinal) > 0 &&
               !name.Contains("..", StringComparison.Ordinal);
    }

    private static bool IsInside(string path, string directory) =>
        path.StartsWith(directory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
