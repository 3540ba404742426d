using PacketCapture.Actors.Captures;
using PacketCapture.Capture;

namespace PacketCapture.Actors.Files;

/// <summary>A capture file of this node that may be served: its plain name and where it is on disk.</summary>
/// <param name="Name">The file name as the status lists it (<c>&lt;pod&gt;_&lt;iface&gt;[-&lt;µs&gt;].pcap</c>).</param>
/// <param name="FullPath">The file inside the capture's directory.</param>
public sealed record ServableFile(string Name, string FullPath);

/// <summary>
/// The one set of rules for which capture files a member serves, used by the HTTP API for its own
/// node and by <see cref="CaptureFileActor"/> for other members: only names that look like a capture
/// file, only inside the capture's directory. A name from the status (or from another member) is
/// never trusted as a path: anything with a separator, a dot segment or another shape is left out.
/// </summary>
public static class CaptureFileRules
{
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

    /// <summary>The servable files among <paramref name="names"/> (in their order) of capture
    /// <paramref name="key"/> under <paramref name="captureRoot"/>; unsafe names are left out.
    /// Whether each file exists is not checked here.</summary>
    public static IReadOnlyList<ServableFile> Servable(CaptureKey key, IEnumerable<string> names, string captureRoot)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(names);
        var directory = DirectoryOf(key, captureRoot);
        if (directory is null)
        {
            return [];
        }

        var files = new List<ServableFile>();
        foreach (var name in names)
        {
            if (Resolve(directory, name) is { } full)
            {
                files.Add(new ServableFile(name, full));
            }
        }

        return files;
    }

    /// <summary>The file <paramref name="name"/> of capture <paramref name="key"/>, or null when the
    /// name is not a plain capture file name or would leave the capture's directory.</summary>
    public static ServableFile? One(CaptureKey key, string name, string captureRoot)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(name);
        return DirectoryOf(key, captureRoot) is { } directory && Resolve(directory, name) is { } full
            ? new ServableFile(name, full)
            : null;
    }

    /// <summary>The names listed for <paramref name="node"/> in <paramref name="view"/>'s status, in status order.</summary>
    public static IEnumerable<string> StatusNames(CaptureView view, string node)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Nodes
            .Where(s => string.Equals(s.Node, node, StringComparison.Ordinal))
            .SelectMany(s => s.FileNames);
    }

    private static string? DirectoryOf(CaptureKey key, string captureRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(captureRoot);
        var root = Path.GetFullPath(captureRoot);
        string directory;
        try
        {
            directory = Path.GetFullPath(PcapFileNames.CaptureDirectory(root, key.Namespace, key.Name));
        }
        catch (CaptureArgumentException)
        {
            return null;
        }

        return IsInside(directory, root) ? directory : null;
    }

    private static string? Resolve(string directory, string name)
    {
        if (!IsCaptureFileName(name))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(directory, name));
        return IsInside(full, directory) ? full : null;
    }

    private static bool IsInside(string path, string directory) =>
        path.StartsWith(directory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
