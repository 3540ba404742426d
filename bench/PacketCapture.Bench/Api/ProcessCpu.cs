namespace PacketCapture.Bench.Api;

/// <summary>CPU time (user + system) a process has used so far, from <c>/proc/PID/stat</c>.</summary>
internal static class ProcessCpu
{
    // Linux reports utime and stime in clock ticks of USER_HZ, 100 on every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public static TimeSpan Read(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");

        // Fields after the command name, which is in parentheses and may hold spaces: state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) +
                    long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
