using System.IO.Compression;

namespace PacketCapture.Host.Cli.Client;

/// <summary>
/// Unpacks a capture's <c>files.zip</c> (entries <c>&lt;node&gt;/&lt;file&gt;</c>) into a
/// directory as plain <c>&lt;file&gt;</c>, keeping <c>&lt;node&gt;/&lt;file&gt;</c> only for
/// names that several nodes share. Every entry is checked before anything is written: a
/// path that could leave the directory (absolute, <c>..</c>, backslashes, drive letters)
/// refuses the whole archive. Files are written 0640 (pcaps hold other people's traffic).
/// </summary>
public static class CaptureArchive
{
    /// <summary>Mode of every written file.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                               UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    /// <summary>One entry and the relative path (with <c>/</c>) it is written to.</summary>
    public sealed record Placement(string Entry, string Target);

    /// <summary>Where each entry goes; directory entries are skipped.</summary>
    /// <exception cref="UserInputException">An entry's path is unsafe, or two entries would land on one file.</exception>
    public static IReadOnlyList<Placement> Plan(IEnumerable<string> entryNames, string archiveName)
    {
        ArgumentNullException.ThrowIfNull(entryNames);
        var files = new List<(string Entry, string[] Segments)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entryNames)
        {
            if (entry.EndsWith('/') && entry.Length > 1 && Unsafe(entry[..^1]) is null)
            {
                continue;
            }

            if (Unsafe(entry) is { } problem)
            {
                throw new UserInputException($"{archiveName}: entry \"{StatusError.OneLine(entry)}\" {problem}; nothing was written");
            }

            if (!seen.Add(entry))
            {
                throw new UserInputException($"{archiveName}: entry \"{entry}\" appears twice; nothing was written");
            }

            files.Add((entry, entry.Split('/')));
        }

        var shared = files.GroupBy(f => f.Segments[^1], StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var placements = files.Select(f => new Placement(f.Entry, shared.Contains(f.Segments[^1]) ? f.Entry : f.Segments[^1])).ToList();

        // A flat name may still meet a kept node directory of the same name ("node-1" and "node-1/x.pcap").
        var targets = placements.Select(p => p.Target).ToHashSet(StringComparer.Ordinal);
        foreach (var placement in placements)
        {
            var slash = placement.Target.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && targets.Contains(placement.Target[..slash]))
            {
                throw new UserInputException($"{archiveName}: entry \"{placement.Entry}\" needs directory \"{placement.Target[..slash]}\", which another entry's file takes; nothing was written");
            }
        }

        return placements;
    }

    /// <summary>Extracts the zip in <paramref name="archive"/> (seekable, read from its start) into <paramref name="destination"/>; returns the relative paths written.</summary>
    /// <exception cref="UserInputException">The archive is unsafe or unreadable, or the destination cannot take the files.</exception>
    public static IReadOnlyList<string> Extract(Stream archiveStream, string destination, string archiveName)
    {
        ArgumentNullException.ThrowIfNull(archiveStream);
        ArgumentNullException.ThrowIfNull(destination);
        try
        {
            using var archive = new ZipArchive(archiveStream, ZipArchiveMode.Read, leaveOpen: true);
            var entries = archive.Entries.ToDictionary(e => e.FullName, StringComparer.Ordinal);
            var plan = Plan(archive.Entries.Select(e => e.FullName), archiveName);
            var root = Path.GetFullPath(destination);
            Directory.CreateDirectory(root);
            foreach (var placement in plan)
            {
                var target = Path.GetFullPath(Path.Combine(root, placement.Target));
                // Plan already refused every escaping name; this is the belt to its braces.
                if (!target.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new UserInputException($"{archiveName}: entry \"{placement.Entry}\" would be written outside {destination}");
                }

                PrepareDirectories(root, Path.GetDirectoryName(target)!, destination);
                Write(entries[placement.Entry], target);
            }

            return plan.Select(p => p.Target).ToList();
        }
        catch (InvalidDataException e)
        {
            throw new UserInputException($"{archiveName}: not a readable zip: {StatusError.OneLine(e.Message)}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UserInputException($"{destination}: cannot write there: {StatusError.OneLine(e.Message)}");
        }
        catch (IOException e)
        {
            throw new UserInputException($"{destination}: cannot write there: {StatusError.OneLine(e.Message)}");
        }
    }

    /// <summary>Why <paramref name="entry"/> may not be written, or null when it may.</summary>
    private static string? Unsafe(string entry)
    {
        if (entry.Length == 0)
        {
            return "has no name";
        }

        if (entry.Any(char.IsControl))
        {
            return "has control characters in its name";
        }

        if (entry.Contains('\\', StringComparison.Ordinal) || (entry.Length >= 2 && entry[1] == ':'))
        {
            return "is not a relative path with '/' separators";
        }

        if (entry.StartsWith('/'))
        {
            return "is an absolute path, outside the destination";
        }

        foreach (var segment in entry.Split('/'))
        {
            if (segment is "..")
            {
                return "climbs out of the destination with \"..\"";
            }

            if (segment is "" or ".")
            {
                return "has an empty or \".\" path segment";
            }
        }

        return null;
    }

    private static void PrepareDirectories(string root, string directory, string destination)
    {
        var relative = Path.GetRelativePath(root, directory);
        if (relative == ".")
        {
            return;
        }

        var current = root;
        foreach (var segment in relative.Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, segment);
            var info = new DirectoryInfo(current);
            if (info.LinkTarget is not null)
            {
                // A symlink planted in the destination would carry the write elsewhere.
                throw new UserInputException($"{destination}: {Path.GetRelativePath(root, current)} is a symbolic link; not writing through it");
            }

            if (!info.Exists)
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(current);
                }
                else
                {
                    Directory.CreateDirectory(current, DirectoryMode);
                }
            }
        }
    }

    private static void Write(ZipArchiveEntry entry, string target)
    {
        // Replace, never write through: an existing name may be a symlink pointing anywhere.
        if (File.Exists(target) || new FileInfo(target).LinkTarget is not null)
        {
            File.Delete(target);
        }

        using var source = entry.Open();
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        using var output = new FileStream(target, options);
        source.CopyTo(output);
    }
}
