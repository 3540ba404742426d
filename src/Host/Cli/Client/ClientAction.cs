using System.CommandLine;
using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Cli.Client;

/// <summary>
/// Runs a command's work against the server and turns the server's refusals into one line
/// and an exit code; what is wrong locally stays a <see cref="UserInputException"/> for
/// <see cref="CommandLine"/> to report.
/// </summary>
public static class ClientAction
{
    /// <summary>Exit code after Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>Makes the client from <paramref name="connection"/> and runs <paramref name="work"/> with it.</summary>
    public static async Task<int> RunAsync(ConnectionOptions connection, ParseResult result, CancellationToken cancellation, Func<ApiClient, Task<int>> work)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(work);
        // System.CommandLine installs its Ctrl-C handling once the action has returned its task.
        await Task.Yield();
        using var client = connection.CreateClient(result);
        try
        {
            return await work(client).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            await Console.Error.WriteLineAsync($"packetcapture: {e.Message}").ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("packetcapture: interrupted").ConfigureAwait(false);
            return Interrupted;
        }
    }

    /// <summary>The namespace option's value checked as a namespace, or null when not given.</summary>
    /// <exception cref="UserInputException">Not a DNS-1123 label.</exception>
    public static string? CheckedNamespace(string? ns)
    {
        if (ns is not null && PacketCaptureValidator.NamespaceProblem(ns) is { } problem)
        {
            throw new UserInputException($"--namespace \"{StatusError.OneLine(ns)}\": {problem}");
        }

        return ns;
    }

    /// <summary><paramref name="name"/> checked as a capture name.</summary>
    /// <exception cref="UserInputException">Not a DNS-1123 subdomain.</exception>
    public static string CheckedName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (PacketCaptureValidator.NameProblem(name) is { } problem)
        {
            throw new UserInputException($"NAME \"{StatusError.OneLine(name)}\": {problem}");
        }

        return name;
    }

    /// <summary>Refuses <c>-n</c> together with all namespaces.</summary>
    /// <exception cref="UserInputException">Both were given.</exception>
    public static void OneNamespaceChoice(string? ns, bool allNamespaces)
    {
        if (ns is not null && allNamespaces)
        {
            throw new UserInputException("--namespace and --all-namespaces: give one of them, not both");
        }
    }
}
