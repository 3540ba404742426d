namespace PacketCapture.Server.Tests.Endpoints;

internal static class TestFiles
{
    /// <summary>Replaces <paramref name="path"/> the way editors and deploy tools do: write a sibling, then rename over.</summary>
    public static void WriteAtomically(string path, string text)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    public static string Sample(string name) =>
        File.ReadAllText(Path.Combine(VethNetwork.RepositoryRoot(), "tests", "Server.Tests", "Endpoints", "Samples", name));
}
