using System.Globalization;

namespace KubeCore.Runtime.Simulated.Workloads;

/// <summary>The few commands every simulated container answers, as a minimal Linux image would.</summary>
internal static class BuiltInCommands
{
    /// <summary>
    /// Runs a command: its handler from <paramref name="find"/> if any, else a built-in (when <paramref name="builtIns"/>), else
    /// reports a missing executable as runc does (exit code 127; <c>sh -c</c> says <c>not found</c> as dash does).
    /// </summary>
    public static async Task<int> RunAsync(ExecCall call, Func<string, ExecHandler?> find, bool builtIns, CancellationToken ct, bool viaShell = false)
    {
        if (find(call.Program) is { } handler) return await handler(call, ct).ConfigureAwait(false);
        var args = call.Arguments;
        switch (builtIns ? Name(call.Program) : "")
        {
            case "true": return 0;
            case "false": return 1;
            case "echo":
            {
                var newline = !(args.Count > 0 && args[0] == "-n");
                var text = string.Join(' ', newline ? args : args.Skip(1));
                await call.Stdout.WriteAsync(newline ? text + "\n" : text).ConfigureAwait(false);
                return 0;
            }
            case "env":
                foreach (var (k, v) in Environment(call)) await call.Stdout.WriteAsync($"{k}={v}\n").ConfigureAwait(false);
                return 0;
            case "printenv":
            {
                var env = Environment(call);
                if (args.Count == 0) goto case "env";
                var code = 0;
                foreach (var name in args)
                {
                    var value = env.FirstOrDefault(e => e.Key == name);
                    if (value.Key is null) code = 1;
                    else await call.Stdout.WriteAsync(value.Value + "\n").ConfigureAwait(false);
                }
                return code;
            }
            case "hostname":
                await call.Stdout.WriteAsync(call.PodName + "\n").ConfigureAwait(false);
                return 0;
            case "cat":
            {
                if (args.Count == 0) args = ["-"];
                var code = 0;
                foreach (var file in args)
                {
                    if (file == "-")
                    {
                        var buffer = new char[4096];
                        int n;
                        while ((n = await call.Stdin.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                            await call.Stdout.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                    }
                    else if (file == "/etc/hostname") await call.Stdout.WriteAsync(call.PodName + "\n").ConfigureAwait(false);
                    else
                    {
                        await call.Stderr.WriteAsync($"cat: {file}: No such file or directory\n").ConfigureAwait(false);
                        code = 1;
                    }
                }
                return code;
            }
            case "sleep":
            {
                if (args.Count != 1 || !double.TryParse(args[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0)
                {
                    await call.Stderr.WriteAsync($"sleep: invalid time interval '{string.Join(' ', args)}'\n").ConfigureAwait(false);
                    return 1;
                }
                await Task.Delay(TimeSpan.FromSeconds(seconds), call.TimeProvider, ct).ConfigureAwait(false);
                return 0;
            }
            case "sh" or "bash" or "ash" when args is ["-c", var script, ..]:
                return await ShellAsync(call, script, find, ct).ConfigureAwait(false);
        }
        await call.Stderr.WriteAsync(viaShell ? $"sh: 1: {call.Program}: not found\n" : NotFound(call.Program)).ConfigureAwait(false);
        return 127;
    }

    /// <summary>runc's words for a program that is not in the image.</summary>
    public static string NotFound(string program) =>
        $"OCI runtime exec failed: exec failed: unable to start container process: exec: \"{program}\": executable file not found in $PATH: unknown\n";

    /// <summary><c>sh -c</c> with one simple command: <c>exit N</c>, or a built-in with space-separated arguments.</summary>
    private static async Task<int> ShellAsync(ExecCall call, string script, Func<string, ExecHandler?> find, CancellationToken ct)
    {
        var words = script.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return 0;
        if (words[0] == "exit")
        {
            if (words.Length == 1) return 0;
            if (int.TryParse(words[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n & 0xff;
            await call.Stderr.WriteAsync($"sh: 1: exit: Illegal number: {words[1]}\n").ConfigureAwait(false);
            return 2;
        }
        var inner = new ExecCall(words, call.Stdin, call.Stdout, call.Stderr, call.Tty, call.Environment, call.Namespace, call.PodName,
            call.ContainerName, call.TimeProvider, call.Workload);
        return await RunAsync(inner, find, builtIns: true, ct, viaShell: true).ConfigureAwait(false);
    }

    private static string Name(string program) => program[(program.LastIndexOf('/') + 1)..];

    /// <summary>The environment a container process sees: PATH and HOSTNAME first, as the runtime sets them, then the spec's.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Environment(ExecCall call)
    {
        var env = new List<KeyValuePair<string, string>>
        {
            new("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
            new("HOSTNAME", call.PodName),
        };
        env.AddRange(call.Environment.Where(e => e.Key is not ("PATH" or "HOSTNAME")));
        if (call.Environment.TryGetValue("PATH", out var path)) env[0] = new("PATH", path);
        return env;
    }
}
