using System.Buffers.Text;
using System.Security.Cryptography;

namespace PacketCapture.Host.Server;

/// <summary>The generated admin token: made once on first start, then reused. Anyone who can read
/// the file is admin, so it is owner-only and a file readable by others is refused, not fixed.</summary>
internal static class AdminToken
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>The token in <paramref name="path"/>, created (0600, atomically) when there is none.</summary>
    /// <exception cref="ServerStartException">The file is open to group or others, unreadable, or holds no token.</exception>
    public static string LoadOrCreate(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("PacketCapture runs on Linux only");
        }

        try
        {
            return File.Exists(path) ? Load(path) : Create(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ServerStartException($"admin token {path}: {e.Message}", e);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string Load(string path)
    {
        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOther) != 0)
        {
            throw new ServerStartException(
                $"admin token {path}: mode {Convert.ToString((int)mode, 8)} lets others read it; it must be 600 (chmod 600 it, or delete it for a new token)");
        }

        var token = File.ReadAllText(path).Trim();
        if (token.Length < 32)
        {
            throw new ServerStartException($"admin token {path}: holds no token; delete it and a new one is generated");
        }

        return token;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string Create(string path)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            // Owner-only from the moment the file exists, before the token is written into it.
            using (var stream = new FileStream(temporary, new FileStreamOptions
                   {
                       Mode = FileMode.CreateNew,
                       Access = FileAccess.Write,
                       UnixCreateMode = OwnerOnly,
                   }))
            {
                File.SetUnixFileMode(stream.SafeFileHandle, OwnerOnly);
                using var writer = new StreamWriter(stream);
                writer.Write(token);
                writer.Write('\n');
            }

            File.Move(temporary, path, overwrite: false);
            return token;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another start won the race: use its token.
            return Load(path);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
