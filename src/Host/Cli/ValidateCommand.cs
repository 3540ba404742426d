using System.CommandLine;

namespace PacketCapture.Host.Cli;

/// <summary>
/// <c>validate -f FILE</c>: checks every document against SPEC.md §2 without contacting
/// a server. One line per valid document; every problem of every invalid one.
/// </summary>
public static class ValidateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var file = FileOption.Create();
        var command = new Command("validate",
            "Check PacketCapture documents offline. Prints 'valid: <namespace>/<name>' per valid document; exits 1 and prints each problem (field path and what is wrong) when any is invalid.")
        {
            file,
        };
        command.SetAction(result => Run(result.GetValue(file)!, Console.Out, Console.Error));
        return command;
    }

    /// <summary>Validates <paramref name="path"/>; returns the exit code.</summary>
    public static int Run(string path, TextWriter output, TextWriter errors)
    {
        var name = InputText.DisplayName(path);
        var invalid = 0;
        foreach (var document in InputText.ReadDocuments(path))
        {
            if (document.IsValid)
            {
                output.WriteLine($"valid: {document.Identity}");
                continue;
            }

            invalid++;
            foreach (var error in document.Errors)
            {
                errors.WriteLine($"{name}: {document.Identity}: {error}");
            }
        }

        return invalid == 0 ? ExitCodes.Ok : ExitCodes.InvalidInput;
    }
}
