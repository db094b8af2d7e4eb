using System.Globalization;
using System.Net;
using KubeCore.Events;
using KubeCore.Models;
using KubeCore.Runtime.Simulated.Behaviors;
using KubeCore.Runtime.Simulated.Pods;
using KubeCore.Runtime.Simulated.Workloads;

namespace KubeCore.Runtime.Simulated.Probes;

/// <summary>
/// Runs one container run's startup, liveness and readiness probes on the cluster clock, with the kubelet's semantics: the startup
/// probe gates the others; liveness failing <c>failureThreshold</c> times kills the container; readiness flips <c>ready</c> both ways.
/// </summary>
internal sealed class ContainerProber(PodWorker pod, ContainerRun container, string containerId, ContainerBehavior behavior,
    WorkloadProbes? handlers, DateTimeOffset startedAt, CancellationTokenSource run)
{
    private enum Kind { Startup, Liveness, Readiness }

    private TimeProvider Time => pod.Time;
    private CancellationToken Token => run.Token;

    /// <summary>Starts the probe loops; runs synchronously up to each loop's first timer, so a clock advance after the next status write counts.</summary>
    public void Start()
    {
        if (container.Spec.StartupProbe is { } startup) _ = LoopAsync(startup, Kind.Startup);
        else
        {
            lock (pod.Gate) container.MarkStarted();
            StartAfterStartup();
        }
    }

    private void StartAfterStartup()
    {
        if (container.Spec.ReadinessProbe is { } readiness) _ = LoopAsync(readiness, Kind.Readiness);
        else if (!behavior.FailReadiness) lock (pod.Gate) if (container.ContainerId == containerId) container.Ready = true;
        if (container.Spec.LivenessProbe is { } liveness) _ = LoopAsync(liveness, Kind.Liveness);
    }

    private async Task LoopAsync(Probe probe, Kind kind)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, probe.PeriodSeconds ?? 10));
        var successThreshold = kind == Kind.Readiness ? Math.Max(1, probe.SuccessThreshold ?? 1) : 1;
        var failureThreshold = Math.Max(1, probe.FailureThreshold ?? 3);
        var (successes, failures) = (0, 0);
        // Like the kubelet, the first probe runs once initialDelaySeconds have passed since the container started.
        var first = startedAt + TimeSpan.FromSeconds(Math.Max(0, probe.InitialDelaySeconds ?? 0)) - Time.GetUtcNow();
        var tick = first > TimeSpan.Zero ? SleepAsync(first) : Task.FromResult(true);
        try
        {
            while (await tick.ConfigureAwait(false))
            {
                tick = SleepAsync(period); // the next tick's timer exists before this probe's outcome is published
                var (ok, output) = await ProbeAsync(probe, kind).ConfigureAwait(false);
                if (Token.IsCancellationRequested) return;
                if (ok) { successes++; failures = 0; }
                else
                {
                    failures++; successes = 0;
                    pod.Record(container, EventTypes.Warning, "Unhealthy", $"{kind} probe failed: {output}");
                }
                switch (kind)
                {
                    case Kind.Startup when ok:
                        lock (pod.Gate) { if (container.ContainerId != containerId) return; container.MarkStarted(); }
                        StartAfterStartup();
                        await pod.PublishAsync().ConfigureAwait(false);
                        return;
                    case Kind.Startup or Kind.Liveness when failures >= failureThreshold:
                        pod.KillForProbe(container, containerId, $"Container {container.Name} failed {kind.ToString().ToLowerInvariant()} probe", probe);
                        return;
                    case Kind.Readiness:
                        bool changed;
                        lock (pod.Gate)
                        {
                            if (container.ContainerId != containerId || container.State.Running is null) return;
                            var ready = container.Ready;
                            if (!ready && ok && successes >= successThreshold) container.Ready = true;
                            else if (ready && !ok && failures >= failureThreshold) container.Ready = false;
                            changed = ready != container.Ready;
                        }
                        if (changed) await pod.PublishAsync().ConfigureAwait(false);
                        break;
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task<bool> SleepAsync(TimeSpan delay)
    {
        try { await Task.Delay(delay, Time, Token).ConfigureAwait(false); return true; }
        catch (OperationCanceledException) { return false; }
    }

    /// <summary>Runs the probe's action against the workload's handlers (or flags), then applies the configured behavior.</summary>
    private async Task<(bool Ok, string Output)> ProbeAsync(Probe probe, Kind kind)
    {
        var failByBehavior = kind switch
        {
            Kind.Readiness => behavior.FailReadiness,
            Kind.Startup => behavior.FailStartup,
            _ => behavior.FailLivenessAfter is { } after && Time.GetUtcNow() - startedAt >= after,
        };
        var flag = handlers is null || kind switch { Kind.Readiness => handlers.Ready, Kind.Startup => handlers.Started, _ => handlers.Live };
        var healthy = flag && !failByBehavior;
        var timeout = TimeSpan.FromSeconds(Math.Max(1, probe.TimeoutSeconds ?? 1));
        var ip = pod.PodIp ?? "";
        if (probe.HttpGet is { } http)
        {
            var port = Port(http.Port);
            if (port is null) return (false, $"unable to find port \"{http.Port.StringValue}\"");
            var url = $"{(http.Scheme ?? "HTTP").ToLowerInvariant()}://{http.Host ?? ip}:{port}{http.Path ?? "/"}";
            var handler = failByBehavior ? null : handlers?.FindHttp(http.Path);
            // Without a probe handler, a port the workload serves gets the kubelet's real GET; a port nobody serves goes by the flags.
            if (handler is null && healthy && http.Host is null && pod.Network is { } network && IPAddress.TryParse(ip, out var podIp)
                && network.Find(new IPEndPoint(podIp, port.Value)) is { Http: not null })
                handler = ct => network.ProbeHttpAsync(new IPEndPoint(podIp, port.Value), http.Path ?? "/", http.HttpHeaders, pod.HostIp, ct);
            if (handler is null) return healthy ? (true, "") : (false, "HTTP probe failed with statuscode: 500");
            var (done, code) = await WithTimeoutAsync(handler, timeout).ConfigureAwait(false);
            if (!done) return (false, $"Get \"{url}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
            return code is >= 200 and < 400 ? (true, "") : (false, string.Create(CultureInfo.InvariantCulture, $"HTTP probe failed with statuscode: {code}"));
        }
        if (probe.TcpSocket is { } tcp)
        {
            var port = Port(tcp.Port);
            if (port is null) return (false, $"unable to find port \"{tcp.Port.StringValue}\"");
            var address = $"{tcp.Host ?? ip}:{port}";
            var handler = failByBehavior ? null : handlers?.FindTcp(port.Value);
            if (handler is null && healthy && tcp.Host is null && pod.Network is { } network && IPAddress.TryParse(ip, out var podIp)
                && network.Find(new IPEndPoint(podIp, port.Value)) is not null)
                handler = _ => Task.FromResult(network.IsListening(new IPEndPoint(podIp, port.Value)));
            var (done, accepted) = handler is null ? (true, healthy) : await WithTimeoutAsync(handler, timeout).ConfigureAwait(false);
            if (!done) return (false, $"dial tcp {address}: i/o timeout");
            return accepted ? (true, "") : (false, $"dial tcp {address}: connect: connection refused");
        }
        if (probe.Exec is { } exec)
        {
            var command = exec.Command ?? [];
            var handler = failByBehavior ? null : handlers?.Exec;
            if (handler is null) return healthy ? (true, "") : (false, "");
            var (done, result) = await WithTimeoutAsync(ct => handler(command, ct), timeout).ConfigureAwait(false);
            if (!done) return (false, $"command \"{string.Join(' ', command)}\" timed out");
            return (result.ExitCode == 0, result.Output);
        }
        if (probe.Grpc is { } grpc)
        {
            var handler = failByBehavior ? null : handlers?.FindGrpc(grpc.Service);
            var (done, serving) = handler is null ? (true, healthy) : await WithTimeoutAsync(handler, timeout).ConfigureAwait(false);
            if (!done) return (false, $"timeout: health rpc did not complete within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s");
            return serving ? (true, "") : (false, "service unhealthy (responded with \"NOT_SERVING\")");
        }
        // A probe without an action is rejected by the API server's validation; if one gets here, behave as the flags say.
        return healthy ? (true, "") : (false, "");
    }

    private int? Port(IntOrString port)
    {
        if (!port.IsString) return port.IntValue;
        return container.Spec.Ports?.FirstOrDefault(p => p.Name == port.StringValue)?.Port;
    }

    private async Task<(bool Done, T Result)> WithTimeoutAsync<T>(Func<CancellationToken, Task<T>> handler, TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        Task<T> task;
        try { task = handler(cts.Token); }
        catch (Exception e) when (e is not OperationCanceledException) { return (true, FailureOf<T>()); }
        var expired = Task.Delay(timeout, Time, cts.Token);
        if (await Task.WhenAny(task, expired).ConfigureAwait(false) != task)
        {
            await cts.CancelAsync().ConfigureAwait(false);
            Token.ThrowIfCancellationRequested();
            return (false, default!);
        }
        await cts.CancelAsync().ConfigureAwait(false);
        try { return (true, await task.ConfigureAwait(false)); }
        catch (Exception e) when (e is not OperationCanceledException || !Token.IsCancellationRequested) { return (true, FailureOf<T>()); }
    }

    /// <summary>What a handler that threw counts as: a failed probe.</summary>
    private static T FailureOf<T>() => (T)(object)(typeof(T) == typeof(int) ? 500 : typeof(T) == typeof(bool) ? false : new ExecProbeResult(1, "probe handler failed"));
}
