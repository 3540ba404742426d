using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PacketCapture.Capture;
using BpfFilterCompiler = PacketCapture.Actors.Filters.BpfFilterCompiler;
using CapturePlan = PacketCapture.Actors.Model.CapturePlan;
using DocumentFormatException = PacketCapture.Actors.Model.DocumentFormatException;
using ResourceReader = PacketCapture.Actors.Model.ResourceReader;

namespace PacketCapture.Host.Cli;

/// <summary>
/// <c>capture --interface IF --dir DIR ...</c>: the low-level data plane on its own, for
/// operators and benchmarks; like <c>tcpdump -w</c> with SPEC.md §5 naming, rotation and
/// retention. Ends on --duration, --count, Ctrl-C/SIGTERM or the interface going away, and
/// prints one JSON line of counters.
/// </summary>
public static class CaptureCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var interfaces = new Option<string[]>("--interface", "-i")
        {
            Description = "Interface to capture on; repeat to capture several at once (one session each, counters summed)",
            Required = true,
            HelpName = "IF",
            Arity = ArgumentArity.OneOrMore,
        };
        var dir = new Option<string>("--dir")
        {
            Description = "Capture root; files go to DIR/NAMESPACE/NAME/POD_IF.pcap",
            Required = true,
            HelpName = "DIR",
        };
        var ns = new Option<string?>("--namespace") { Description = "Namespace directory (default: the spec's, else 'default')", HelpName = "NS" };
        var name = new Option<string?>("--name") { Description = "Capture name directory (default: the spec's, else 'capture')", HelpName = "NAME" };
        var pod = new Option<string>("--pod")
        {
            Description = "Workload name, the first part of every file name",
            DefaultValueFactory = _ => "host",
            HelpName = "POD",
        };
        var filtersFile = new Option<string?>("--filters-file")
        {
            Description = "YAML/JSON list of filter rules (the shape of spec.filters); default: capture everything",
            HelpName = "FILE",
        };
        var spec = new Option<string?>("--bpf-from-spec")
        {
            Description = "A PacketCapture document whose spec.filters give the filter (and its namespace/name the directories)",
            HelpName = "FILE",
        };
        var maxSize = new Option<long>("--max-size-bytes")
        {
            Description = "Rotate before a file would exceed this size",
            DefaultValueFactory = _ => 10_000_000,
            HelpName = "N",
        };
        var rotationSeconds = new Option<int>("--rotation-seconds")
        {
            Description = "Rotate a file holding packets after this many seconds (0: never)",
            DefaultValueFactory = _ => 3600,
            HelpName = "S",
        };
        var maxFiles = new Option<int>("--max-files")
        {
            Description = "Rotated files kept in the capture directory",
            DefaultValueFactory = _ => 2,
            HelpName = "M",
        };
        var duration = new Option<double?>("--duration")
        {
            Description = "Stop after this many seconds",
            HelpName = "SECONDS",
        };
        var count = new Option<long?>("--count", "-c")
        {
            Description = "Stop after writing this many packets (per interface)",
            HelpName = "N",
        };
        var bufferBytes = new Option<int>("--buffer-bytes")
        {
            Description = "Kernel capture buffer per interface, in bytes",
            DefaultValueFactory = _ => 4 * 1024 * 1024,
            HelpName = "BYTES",
        };
        var reportAllocations = new Option<bool>("--report-allocations")
        {
            Description = "Add the managed bytes allocated while capturing to the JSON line (benchmarks)",
            Hidden = true,
        };

        var command = new Command("capture",
            "Capture interfaces into pcap files with PacketCapture naming, size/time rotation and retention, like 'tcpdump -w'. Prints one JSON line of counters at the end: received, dropped, ifDropped, written, bytes, files.")
        {
            interfaces, dir, ns, name, pod, filtersFile, spec, maxSize, rotationSeconds, maxFiles, duration, count, bufferBytes, reportAllocations,
        };
        command.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var request = new Request(
                r.GetValue(interfaces)!, r.GetValue(dir)!, r.GetValue(ns), r.GetValue(name), r.GetValue(pod)!,
                r.GetValue(filtersFile), r.GetValue(spec), r.GetValue(maxSize), r.GetValue(rotationSeconds), r.GetValue(maxFiles),
                r.GetValue(duration), r.GetValue(count), r.GetValue(bufferBytes), r.GetValue(reportAllocations));
            return RunAsync(request, Console.Out, Console.Error, ct);
        });
        return command;
    }

    /// <summary>Captures as <paramref name="request"/> says until it ends; returns the exit code.</summary>
    /// <exception cref="UserInputException">A flag or file is wrong, or a capture cannot start.</exception>
    public static async Task<int> RunAsync(Request request, TextWriter output, TextWriter errors, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = Plan(request);
        var sessions = new List<CaptureSession>();
        try
        {
            foreach (var options in plan)
            {
                var session = new CaptureSession(options);
                sessions.Add(session);
                try
                {
                    session.Start();
                }
                catch (CaptureException e)
                {
                    throw new UserInputException($"--interface {options.InterfaceName}: {e.Message}");
                }
            }

            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            errors.WriteLine($"packetcapture: capturing on {string.Join(", ", plan.Select(o => o.InterfaceName))} into {sessions[0].Directory}");
            await WaitForEnd(request, sessions, cancellation).ConfigureAwait(false);
            foreach (var session in sessions)
            {
                session.Stop();
            }

            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            output.WriteLine(Summary(sessions, request.ReportAllocations ? allocated : null));
            var failed = sessions.Where(s => s.State == CaptureState.Error).ToList();
            foreach (var session in failed)
            {
                errors.WriteLine($"packetcapture: {session.Reason}");
            }

            return failed.Count == 0 ? ExitCodes.Ok : ExitCodes.InternalError;
        }
        finally
        {
            foreach (var session in sessions)
            {
                session.Dispose();
            }
        }
    }

    /// <summary>The command's inputs, as parsed.</summary>
    /// <param name="Interfaces">Interfaces, one session each.</param>
    /// <param name="Directory">Capture root.</param>
    /// <param name="Namespace">Namespace directory, or null for the default.</param>
    /// <param name="Name">Capture name directory, or null for the default.</param>
    /// <param name="Pod">Workload name.</param>
    /// <param name="FiltersFile">A list of filter rules, or null.</param>
    /// <param name="SpecFile">A PacketCapture document, or null.</param>
    /// <param name="MaxSizeBytes">Size rotation limit.</param>
    /// <param name="RotationSeconds">Time rotation period; 0 disables it.</param>
    /// <param name="MaxFiles">Rotated files kept.</param>
    /// <param name="DurationSeconds">Stop after this long, or null.</param>
    /// <param name="Count">Stop after this many packets per interface, or null.</param>
    /// <param name="BufferBytes">Kernel buffer per interface.</param>
    /// <param name="ReportAllocations">Add allocated bytes to the JSON line.</param>
    public sealed record Request(
        IReadOnlyList<string> Interfaces,
        string Directory,
        string? Namespace,
        string? Name,
        string Pod,
        string? FiltersFile,
        string? SpecFile,
        long MaxSizeBytes,
        int RotationSeconds,
        int MaxFiles,
        double? DurationSeconds,
        long? Count,
        int BufferBytes,
        bool ReportAllocations);

    private static List<CaptureSessionOptions> Plan(Request request)
    {
        if (request.FiltersFile is not null && request.SpecFile is not null)
        {
            throw new UserInputException("--filters-file and --bpf-from-spec: give one of them, not both");
        }

        if (request.DurationSeconds is not null && request.Count is not null)
        {
            throw new UserInputException("--duration and --count: give one of them, not both");
        }

        if (request.DurationSeconds is { } seconds && (!double.IsFinite(seconds) || seconds <= 0 || seconds > int.MaxValue / 1000))
        {
            throw new UserInputException($"--duration: {seconds.ToString(CultureInfo.InvariantCulture)} is not a positive number of seconds");
        }

        Positive(request.Count ?? 1, "--count");
        Positive(request.MaxSizeBytes, "--max-size-bytes");
        Positive(request.BufferBytes, "--buffer-bytes");
        if (request.RotationSeconds < 0)
        {
            throw new UserInputException($"--rotation-seconds: {request.RotationSeconds} is negative");
        }

        if (request.MaxFiles < 0)
        {
            throw new UserInputException($"--max-files: {request.MaxFiles} is negative");
        }

        if (request.Interfaces.Distinct(StringComparer.Ordinal).Count() != request.Interfaces.Count)
        {
            throw new UserInputException("--interface: an interface is given twice");
        }

        var (filter, specNamespace, specName) = Filter(request);
        var plan = new List<CaptureSessionOptions>();
        foreach (var interfaceName in request.Interfaces)
        {
            var options = new CaptureSessionOptions
            {
                InterfaceName = interfaceName,
                CaptureDirectory = request.Directory,
                Namespace = request.Namespace ?? specNamespace ?? "default",
                CaptureName = request.Name ?? specName ?? "capture",
                PodName = request.Pod,
                Filter = filter,
                MaxSizeBytes = request.MaxSizeBytes,
                MaxFiles = request.MaxFiles,
                MaxPackets = request.Count ?? 0,
                BufferSizeBytes = request.BufferBytes,
            };
            try
            {
                options.Validate();
            }
            catch (CaptureArgumentException e)
            {
                // The library names its parameter; the user knows the flag.
                var message = e.Message.Split(" (Parameter", 2)[0];
                if (e.ParamName is { } parameter && message.StartsWith(parameter + " ", StringComparison.Ordinal))
                {
                    message = message[(parameter.Length + 1)..];
                }

                throw new UserInputException($"{Flag(e.ParamName)}: {message}");
            }

            plan.Add(options);
        }

        return plan;
    }

    private static (string Filter, string? Namespace, string? Name) Filter(Request request)
    {
        if (request.FiltersFile is { } filtersPath)
        {
            var display = InputText.DisplayName(filtersPath);
            try
            {
                string text;
                try
                {
                    text = InputText.Read(filtersPath);
                }
                catch (UserInputException e)
                {
                    throw new UserInputException($"--filters-file {e.Message}");
                }

                var (filters, problems) = ResourceReader.ReadFilters(text);
                if (!problems.IsEmpty)
                {
                    throw new UserInputException($"--filters-file {display}: {problems[0]}");
                }

                return (BpfFilterCompiler.Compile(filters), null, null);
            }
            catch (DocumentFormatException e)
            {
                throw new UserInputException($"--filters-file {display}: {e.Message}");
            }
        }

        if (request.SpecFile is { } specPath)
        {
            var display = InputText.DisplayName(specPath);
            IReadOnlyList<PacketCapture.Actors.Model.DocumentResult> documents;
            try
            {
                documents = InputText.ReadDocuments(specPath);
            }
            catch (UserInputException e)
            {
                throw new UserInputException($"--bpf-from-spec {e.Message}");
            }

            if (documents.Count != 1)
            {
                throw new UserInputException($"--bpf-from-spec {display}: expected one PacketCapture, found {documents.Count}");
            }

            var document = documents[0];
            if (!document.IsValid)
            {
                throw new UserInputException($"--bpf-from-spec {display}: {document.Identity}: {document.Errors[0]}");
            }

            var resource = document.Resource!;
            return (CapturePlan.For(resource).BpfFilter, resource.Metadata.Namespace, resource.Metadata.Name);
        }

        return ("", null, null);
    }

    private static async Task WaitForEnd(Request request, List<CaptureSession> sessions, CancellationToken cancellation)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (request.DurationSeconds is { } seconds)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        using var rotation = request.RotationSeconds > 0
            ? new Timer(_ => sessions.ForEach(s => s.Rotate()), null, TimeSpan.FromSeconds(request.RotationSeconds), TimeSpan.FromSeconds(request.RotationSeconds))
            : null;
        var allEnded = Task.WhenAll(sessions.Select(s => s.Completion));
        try
        {
            await allEnded.WaitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Duration over, or Ctrl-C/SIGTERM: both are a normal end.
        }
    }

    private static string Summary(List<CaptureSession> sessions, long? allocated)
    {
        var counters = sessions.Select(s => s.ReadCounters()).ToList();
        var summary = new Dictionary<string, long>
        {
            ["received"] = counters.Sum(c => c.PacketsReceived),
            ["dropped"] = counters.Sum(c => c.PacketsDropped),
            ["ifDropped"] = counters.Sum(c => c.PacketsDroppedByInterface),
            ["written"] = counters.Sum(c => c.PacketsWritten),
            ["bytes"] = counters.Sum(c => c.BytesWritten),
            ["files"] = counters.Sum(c => c.FilesWritten),
        };
        if (allocated is { } bytes)
        {
            summary["allocatedBytes"] = bytes;
        }

        return JsonSerializer.Serialize(summary, CliJson.Options);
    }

    private static void Positive(long value, string flag)
    {
        if (value <= 0)
        {
            throw new UserInputException($"{flag}: {value} is not positive");
        }
    }

    private static string Flag(string? parameter) => parameter switch
    {
        nameof(CaptureSessionOptions.InterfaceName) => "--interface",
        nameof(CaptureSessionOptions.Namespace) => "--namespace",
        nameof(CaptureSessionOptions.CaptureName) => "--name",
        nameof(CaptureSessionOptions.PodName) => "--pod",
        nameof(CaptureSessionOptions.MaxSizeBytes) => "--max-size-bytes",
        nameof(CaptureSessionOptions.CaptureDirectory) => "--dir",
        _ => "capture",
    };
}
