namespace PacketCapture.ActorClient;

/// <summary>The example's command line: where the cluster is, which capture, who asks.</summary>
internal sealed record ClientOptions(string Seed, string ResourceFile, string User, TimeSpan Timeout, TimeSpan? EndIn, bool ConfirmClean)
{
    public const string Usage =
        "usage: actor-client --seed akka.tcp://packetcapture@HOST:PORT -f CAPTURE.yaml [--user NAME] [--end-in SECONDS] [--timeout SECONDS] [--confirm-clean]";

    /// <summary>The seed when <c>--seed</c> is not given.</summary>
    public const string SeedVariable = "PACKETCAPTURE_SEED";

    /// <exception cref="ClientException">An argument is missing or wrong.</exception>
    public static ClientOptions Parse(IReadOnlyList<string> args)
    {
        string? seed = Environment.GetEnvironmentVariable(SeedVariable);
        string? file = null;
        var user = "actor-client";
        var timeout = TimeSpan.FromMinutes(5);
        TimeSpan? endIn = null;
        var confirmClean = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--seed":
                    seed = Value(args, ref i);
                    break;
                case "-f" or "--file":
                    file = Value(args, ref i);
                    break;
                case "--user":
                    user = Value(args, ref i);
                    break;
                case "--timeout":
                    timeout = Seconds("--timeout", Value(args, ref i));
                    break;
                case "--end-in":
                    endIn = Seconds("--end-in", Value(args, ref i));
                    break;
                case "--confirm-clean":
                    confirmClean = true;
                    break;
                default:
                    throw new ClientException($"{args[i]}: unknown argument; {Usage}", ExitCodes.Usage);
            }
        }

        if (string.IsNullOrWhiteSpace(seed) || !seed.StartsWith("akka.tcp://", StringComparison.Ordinal))
        {
            throw new ClientException($"--seed (or {SeedVariable}): expected akka.tcp://packetcapture@HOST:PORT, got '{seed}'", ExitCodes.Usage);
        }

        if (file is null)
        {
            throw new ClientException($"-f: a PacketCapture file is required; {Usage}", ExitCodes.Usage);
        }

        return string.IsNullOrWhiteSpace(user)
            ? throw new ClientException("--user: must not be empty", ExitCodes.Usage)
            : new ClientOptions(seed, file, user, timeout, endIn, confirmClean);
    }

    private static TimeSpan Seconds(string option, string text) =>
        int.TryParse(text, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new ClientException($"{option} {text}: expected a positive number of seconds", ExitCodes.Usage);

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ClientException($"{args[i - 1]}: needs a value", ExitCodes.Usage);
}
