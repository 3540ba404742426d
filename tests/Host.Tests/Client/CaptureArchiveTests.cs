using System.IO.Compression;
using System.Text;
using PacketCapture.Host.Cli;
using PacketCapture.Host.Cli.Client;
using Xunit;

namespace PacketCapture.Host.Tests.Client;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CaptureArchiveTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pc-archive-").FullName;

    private string Destination => Path.Combine(_root, "dest");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static MemoryStream Zip(params (string Name, string Content)[] entries)
    {
        var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open(), Encoding.UTF8);
                writer.Write(content);
            }
        }

        stream.Position = 0;
        return stream;
    }

    private List<string> WrittenFiles() =>
        Directory.Exists(_root)
            ? Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_root, f)).Order(StringComparer.Ordinal).ToList()
            : [];

    [Fact]
    public void Files_of_every_node_land_flat_in_the_destination_with_mode_0640()
    {
        using var zip = Zip(("node-1/web_cali1.pcap", "one"), ("node-1/web_cali1-1630000000123456.pcap", "one-old"), ("node-2/db_cali2.pcap", "two"));

        var written = CaptureArchive.Extract(zip, Destination, "files.zip");

        Assert.Equal(["web_cali1.pcap", "web_cali1-1630000000123456.pcap", "db_cali2.pcap"], written);
        Assert.Equal("two", File.ReadAllText(Path.Combine(Destination, "db_cali2.pcap")));
        Assert.All(written, f => Assert.Equal(CaptureArchive.FileMode, File.GetUnixFileMode(Path.Combine(Destination, f))));
    }

    [Fact]
    public void A_file_name_two_nodes_share_keeps_its_node_directory()
    {
        using var zip = Zip(("node-1/web_cali1.pcap", "from 1"), ("node-2/web_cali1.pcap", "from 2"), ("node-2/only.pcap", "x"));

        var written = CaptureArchive.Extract(zip, Destination, "files.zip");

        Assert.Equal(["node-1/web_cali1.pcap", "node-2/web_cali1.pcap", "only.pcap"], written);
        Assert.Equal("from 1", File.ReadAllText(Path.Combine(Destination, "node-1", "web_cali1.pcap")));
        Assert.Equal("from 2", File.ReadAllText(Path.Combine(Destination, "node-2", "web_cali1.pcap")));
    }

    [Theory]
    [InlineData("../evil.pcap", "climbs out of the destination")]
    [InlineData("node-1/../../evil.pcap", "climbs out of the destination")]
    [InlineData("/etc/evil.pcap", "is an absolute path")]
    [InlineData("node-1\\..\\evil.pcap", "is not a relative path with '/' separators")]
    [InlineData("C:/evil.pcap", "is not a relative path with '/' separators")]
    [InlineData("node-1//evil.pcap", "has an empty or \".\" path segment")]
    [InlineData("./evil.pcap", "has an empty or \".\" path segment")]
    public void Zip_slip_entries_refuse_the_whole_archive_before_anything_is_written(string evil, string problem)
    {
        using var zip = Zip(("node-1/good.pcap", "fine"), (evil, "owned"));

        var e = Assert.Throws<UserInputException>(() => CaptureArchive.Extract(zip, Destination, "files.zip of shop/web"));

        Assert.StartsWith("files.zip of shop/web: entry \"", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.EndsWith("; nothing was written", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Empty(WrittenFiles());
    }

    [Fact]
    public void A_symlinked_node_directory_in_the_destination_is_not_written_through()
    {
        var elsewhere = Directory.CreateDirectory(Path.Combine(_root, "elsewhere")).FullName;
        Directory.CreateDirectory(Destination);
        Directory.CreateSymbolicLink(Path.Combine(Destination, "node-1"), elsewhere);
        using var zip = Zip(("node-1/same.pcap", "a"), ("node-2/same.pcap", "b"));

        var e = Assert.Throws<UserInputException>(() => CaptureArchive.Extract(zip, Destination, "files.zip"));

        Assert.Contains("node-1 is a symbolic link", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
    }

    [Fact]
    public void An_existing_symlink_with_a_files_name_is_replaced_not_followed()
    {
        var victim = Path.Combine(_root, "victim.txt");
        File.WriteAllText(victim, "keep me");
        Directory.CreateDirectory(Destination);
        File.CreateSymbolicLink(Path.Combine(Destination, "web.pcap"), victim);
        using var zip = Zip(("node-1/web.pcap", "packets"));

        CaptureArchive.Extract(zip, Destination, "files.zip");

        Assert.Equal("keep me", File.ReadAllText(victim));
        Assert.Equal("packets", File.ReadAllText(Path.Combine(Destination, "web.pcap")));
        Assert.Null(new FileInfo(Path.Combine(Destination, "web.pcap")).LinkTarget);
    }

    [Fact]
    public void Directory_entries_are_skipped_and_duplicates_refused()
    {
        Assert.Equal([new CaptureArchive.Placement("node-1/a.pcap", "a.pcap")], CaptureArchive.Plan(["node-1/", "node-1/a.pcap"], "z"));

        var e = Assert.Throws<UserInputException>(() => CaptureArchive.Plan(["node-1/a.pcap", "node-1/a.pcap"], "z"));
        Assert.Equal("z: entry \"node-1/a.pcap\" appears twice; nothing was written", e.Message);
    }

    [Fact]
    public void A_flat_file_cannot_take_the_name_of_a_kept_node_directory()
    {
        var e = Assert.Throws<UserInputException>(() => CaptureArchive.Plan(["node-1/x.pcap", "node-2/x.pcap", "node-3/node-1"], "z"));

        Assert.Contains("needs directory \"node-1\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_a_zip_is_one_line()
    {
        using var junk = new MemoryStream(Encoding.UTF8.GetBytes("<html>proxy error</html>"));

        var e = Assert.Throws<UserInputException>(() => CaptureArchive.Extract(junk, Destination, "files.zip"));

        Assert.StartsWith("files.zip: not a readable zip", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(512, "512 B")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(3L * 1024 * 1024 * 1024, "3.0 GiB")]
    public void Progress_sizes_are_in_binary_units(long bytes, string expected)
    {
        Assert.Equal(expected, DownloadProgress.Size(bytes));
        Assert.Equal($"downloaded {expected} ({DownloadProgress.Size(bytes / 2)}/s)", DownloadProgress.Line(bytes, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void Progress_stays_silent_when_stderr_is_not_a_terminal()
    {
        using var errors = new StringWriter();
        var progress = new DownloadProgress(errors, enabled: false);

        progress.Report(10L * DownloadProgress.ShowFromBytes);
        progress.Finish(10L * DownloadProgress.ShowFromBytes);

        Assert.Equal("", errors.ToString());
    }

    [Fact]
    public void Progress_of_a_large_download_is_drawn_in_place_and_ended()
    {
        using var errors = new StringWriter();
        var progress = new DownloadProgress(errors, enabled: true);

        progress.Report(DownloadProgress.ShowFromBytes);
        progress.Finish(DownloadProgress.ShowFromBytes);

        var text = errors.ToString();
        Assert.StartsWith("\rdownloaded 16.0 MiB (", text, StringComparison.Ordinal);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
    }
}
