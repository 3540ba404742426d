using System.Text;
using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Cli;

/// <summary>
/// Reads a document input (a file, or <c>-</c> for stdin) with the size bound applied
/// before the whole input is in memory, and as strict UTF-8.
/// </summary>
public static class InputText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The name errors use for <paramref name="path"/>.</summary>
    public static string DisplayName(string path) => path == "-" ? "<stdin>" : path;

    /// <summary>Reads <paramref name="path"/> (or stdin for <c>-</c>).</summary>
    /// <exception cref="UserInputException">Missing, unreadable, too large, or not UTF-8.</exception>
    public static string Read(string path)
    {
        var name = DisplayName(path);
        if (path != "-" && Directory.Exists(path))
        {
            throw new UserInputException($"{name}: is a directory, not a file");
        }

        try
        {
            using var stream = path == "-" ? Console.OpenStandardInput() : File.OpenRead(path);
            var buffer = new byte[InputLimits.MaxInputBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }

            if (length > InputLimits.MaxInputBytes)
            {
                throw new UserInputException(
                    $"{name}: larger than {InputLimits.MaxInputBytes / 1024} KiB; a PacketCapture document is far smaller");
            }

            var bytes = buffer.AsSpan(0, length);
            if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                bytes = bytes[3..];
            }

            return StrictUtf8.GetString(bytes);
        }
        catch (FileNotFoundException)
        {
            throw new UserInputException($"{name}: no such file");
        }
        catch (DirectoryNotFoundException)
        {
            throw new UserInputException($"{name}: no such file");
        }
        catch (UnauthorizedAccessException)
        {
            throw new UserInputException($"{name}: permission denied");
        }
        catch (DecoderFallbackException)
        {
            throw new UserInputException($"{name}: not UTF-8 text (is it a binary file?)");
        }
        catch (IOException e)
        {
            throw new UserInputException($"{name}: cannot be read: {e.Message}");
        }
    }

    /// <summary>Reads and parses every document of <paramref name="path"/>.</summary>
    /// <exception cref="UserInputException">The input cannot be read or parsed as a whole.</exception>
    public static IReadOnlyList<DocumentResult> ReadDocuments(string path)
    {
        var text = Read(path);
        try
        {
            return ResourceReader.Read(text);
        }
        catch (DocumentFormatException e)
        {
            throw new UserInputException($"{DisplayName(path)}: {e.Message}");
        }
    }
}
