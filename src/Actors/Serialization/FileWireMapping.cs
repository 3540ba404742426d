using PacketCapture.Actors.Files;

namespace PacketCapture.Actors.Serialization;

/// <summary>File-sharing messages to their wire shapes and back.</summary>
internal static class FileWireMapping
{
    public static ListFilesWire ToWire(ListCaptureFiles m) =>
        new(WireMapping.ToWire(m.Key), [.. m.Nodes.Select(n => new NodeFileNamesWire(n.Node, [.. n.FileNames]))]);

    public static ListCaptureFiles FromWire(ListFilesWire w) =>
        new(WireMapping.FromWire(w.Key), [.. w.Nodes.Select(n => new NodeFileNames(n.Node, [.. n.FileNames]))]);

    public static FileListingWire ToWire(CaptureFileListing m) =>
        new(WireMapping.ToWire(m.Key), m.Node, [.. m.Files.Select(f => new ListedFileWire(f.Name, f.Size, f.LastWrite))]);

    public static CaptureFileListing FromWire(FileListingWire w) =>
        new(WireMapping.FromWire(w.Key), w.Node, [.. w.Files.Select(f => new ListedCaptureFile(f.Name, f.Size, f.LastWrite))]);

    public static OpenFileWire ToWire(OpenCaptureFile m) => new(WireMapping.ToWire(m.Key), m.FileName);

    public static OpenCaptureFile FromWire(OpenFileWire w) => new(WireMapping.FromWire(w.Key), w.FileName);

    public static FileRejectedWire ToWire(CaptureFileRejected m) => new(WireMapping.ToWire(m.Key), m.FileName, m.Message);

    public static CaptureFileRejected FromWire(FileRejectedWire w) => new(WireMapping.FromWire(w.Key), w.FileName, w.Message);
}
