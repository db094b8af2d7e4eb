using System.Globalization;
using KubeCore.Api;
using KubeCore.Events;
using KubeCore.Models;
using KubeCore.Runtime.Simulated.Behaviors;
using KubeCore.Runtime.Simulated.Images;
using KubeCore.Runtime.Simulated.Networking;
using KubeCore.Runtime.Simulated.Probes;
using KubeCore.Runtime.Simulated.Workloads;

namespace KubeCore.Runtime.Simulated.Pods;

/// <summary>
/// Runs one pod on a simulated node: init containers in order (sidecars kept running), then app containers; pulls images, probes,
/// reports status, restarts with back-off, and kills on deletion.
/// </summary>
internal sealed class PodWorker
{
    private readonly PodManager _host;
    private readonly CancellationTokenSource _kill = new();
    private readonly CancellationTokenSource _sidecarsStop;
    private readonly TaskCompletionSource _abandonedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly List<ContainerRun> _init;
    private readonly List<ContainerRun> _app;
    private readonly List<Task> _sidecars = [];
    private readonly KubeTime _startTime;
    private volatile Pod _pod;
    private volatile bool _abandoned;
    private volatile bool _unpublished;
    private string? _podIp;

    public PodWorker(PodManager host, Pod pod)
    {
        _host = host;
        _pod = pod;
        var hasInit = pod.Spec?.InitContainers is { Count: > 0 };
        _init = (pod.Spec?.InitContainers ?? []).Select(c => new ContainerRun(c, c.RestartPolicy == "Always" ? ContainerKind.Sidecar : ContainerKind.Init, hasInit)).ToList();
        _app = (pod.Spec?.Containers ?? []).Select(c => new ContainerRun(c, ContainerKind.App, hasInit)).ToList();
        _sidecarsStop = CancellationTokenSource.CreateLinkedTokenSource(_kill.Token);
        _startTime = KubeTime.Now(host.Time);
    }

    private string Ns => _pod.Metadata.Namespace ?? "default";
    private string Name => _pod.Metadata.Name ?? "";
    private string RestartPolicy => _pod.Spec?.RestartPolicy ?? "Always";
    public string? PodIp => _podIp;
    public Pod Pod => _pod;
    public Task Completion { get; private set; } = Task.CompletedTask;
    /// <summary>Guards the containers' state, read by status writes.</summary>
    public object Gate { get; } = new();
    public TimeProvider Time => _host.Time;
    /// <summary>The pod network the containers listen in, or null.</summary>
    public PodNetwork? Network => _host.Network;
    /// <summary>The node's address, where the kubelet's probes come from.</summary>
    public string HostIp => _host.HostIp;

    public void Start() => Completion = Task.Run(RunAsync);

    /// <summary>Takes the pod's latest state; a deletionTimestamp starts termination.</summary>
    public void Update(Pod pod)
    {
        _pod = pod;
        if (pod.Metadata.DeletionTimestamp is not null && !_kill.IsCancellationRequested) _kill.Cancel();
    }

    /// <summary>Stops without writing anything more (the node died or the pod is gone).</summary>
    public void Abandon()
    {
        _abandoned = true;
        _abandonedSignal.TrySetResult();
        if (!_kill.IsCancellationRequested) _kill.Cancel();
    }

    /// <summary>The container (init, sidecar or app) named <paramref name="name"/>, or null.</summary>
    public ContainerRun? FindContainer(string name) => _init.Concat(_app).FirstOrDefault(c => c.Name == name);

    /// <summary>Kills a running container at once with <paramref name="exitCode"/>, as if its process died; the restart policy applies.</summary>
    public void KillContainer(string container, int exitCode)
    {
        var c = _init.Concat(_app).FirstOrDefault(c => c.Name == container)
            ?? throw new ArgumentException($"pod {Ns}/{Name} has no container \"{container}\"", nameof(container));
        lock (Gate)
        {
            if (c.State.Running is null || c.CurrentRun is not { } run) throw new InvalidOperationException($"container {container} of pod {Ns}/{Name} is not running");
            c.Stop ??= new ContainerStop(ContainerStopKind.Killed, exitCode);
            run.Cancel();
        }
    }

    private async Task RunAsync()
    {
        try
        {
            _podIp = _host.IpPool.Allocate();
            if (_pod.Metadata.DeletionTimestamp is null)
            {
                await PublishAsync().ConfigureAwait(false);
                if (await RunInitContainersAsync().ConfigureAwait(false))
                    await Task.WhenAll(_app.Select(c => RunContainerAsync(c, _kill.Token))).ConfigureAwait(false);
                // Sidecars stop after the app containers, as the kubelet terminates them last.
                await _sidecarsStop.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(_sidecars).ConfigureAwait(false);
                await PublishAsync().ConfigureAwait(false);
                await WaitAsync(_kill.Token).ConfigureAwait(false); // a finished pod stays until it is deleted
            }
            if (_kill.IsCancellationRequested && !_abandoned)
            {
                // Graceful deletion finished: containers are stopped, so the kubelet removes the pod for good.
                await Ignore(() => _host.Client.Pods(Ns).DeleteAsync(Name, new DeleteOptions { GracePeriodSeconds = 0, Preconditions = new Preconditions { Uid = _pod.Metadata.Uid } })).ConfigureAwait(false);
            }
        }
        catch (Exception) when (_abandoned) { }
    }

    /// <summary>Runs init containers in order: each to completion, or for sidecars until started. False if the pod cannot go on.</summary>
    private async Task<bool> RunInitContainersAsync()
    {
        foreach (var c in _init)
        {
            if (_kill.IsCancellationRequested) return false;
            if (c.Kind == ContainerKind.Sidecar)
            {
                var running = RunContainerAsync(c, _sidecarsStop.Token);
                _sidecars.Add(running);
                await Task.WhenAny(c.FirstStarted, running, WaitAsync(_kill.Token)).ConfigureAwait(false);
                if (!c.EverStarted) return false;
            }
            else
            {
                await RunContainerAsync(c, _kill.Token).ConfigureAwait(false);
                if (!c.Succeeded) return false; // killed, or failed under restartPolicy Never: the pod is Failed
            }
        }
        return true;
    }

    private async Task RunContainerAsync(ContainerRun c, CancellationToken stop)
    {
        if (!await PullAsync(c, stop).ConfigureAwait(false)) return;
        var crashes = 0;
        while (!stop.IsCancellationRequested)
        {
            ContainerBehavior behavior;
            try { behavior = _host.Runtime.Options.Behaviors.Resolve(_pod, c.Spec); }
            catch (FormatException e)
            {
                // Like a bad config map reference: the container cannot be created, and says why.
                lock (Gate) c.State = new ContainerState { Waiting = new ContainerStateWaiting { Reason = "CreateContainerConfigError", Message = e.Message } };
                Record(c, EventTypes.Warning, "Failed", "Error: " + e.Message);
                await PublishAsync().ConfigureAwait(false);
                await WaitAsync(stop).ConfigureAwait(false);
                return;
            }
            var startDelay = _host.Options.ContainerStartDuration + behavior.StartDelay + _host.Runtime.NextJitter(behavior.StartJitter);
            if (startDelay > TimeSpan.Zero && !await DelayAsync(startDelay, stop).ConfigureAwait(false)) break;
            var started = KubeTime.Now(_host.Time);
            using var run = CancellationTokenSource.CreateLinkedTokenSource(stop);
            string containerId;
            lock (Gate)
            {
                c.ContainerId = containerId = "kubecore://" + Id($"{_pod.Metadata.Uid}/{c.Name}/{c.RestartCount}");
                c.State = new ContainerState { Running = new ContainerStateRunning { StartedAt = started } };
                c.Started = false;
                c.Ready = false;
                c.Stop = null;
                c.CurrentRun = run;
            }
            Record(c, EventTypes.Normal, "Created", $"Created container: {c.Name}");
            Record(c, EventTypes.Normal, "Started", $"Started container {c.Name}");
            var log = _host.Runtime.StartLog(Ns, Name, c.Name, containerId, _host.Time);
            var ports = _host.Network is { } network ? new ContainerPorts(network, _podIp, new PodRef(Ns, Name), c.Name) : null;
            var workload = StartWorkload(c, log, run.Token, ports);
            if (workload is null && ports is not null) DefaultResponder.Listen(ports, _pod, c.Spec, c.DeclaredTcpPorts);
            lock (Gate) { c.Log = log; c.Workload = workload?.Context; }
            if (workload is null) await WriteLifecycleAsync(log, $"starting container {c.Name} (image {c.Image}) in pod {Ns}/{Name}").ConfigureAwait(false);
            // Timers start before the status write, so whoever sees the status and advances time also moves them.
            new ContainerProber(this, c, containerId, behavior, workload?.Context.Probes, started.Value, run).Start();
            // An init container is meant to finish: without a workload or a configured exit, it completes at once.
            if (behavior.ExitAfter is null && workload is null && c.Kind == ContainerKind.Init) behavior = behavior with { ExitAfter = TimeSpan.Zero, ExitCode = 0 };
            if (behavior.ExitAfter is { } exitAfter) _ = ExitAfterAsync(c, exitAfter, behavior.ExitCode, run);
            await PublishAsync().ConfigureAwait(false);
            (int ExitCode, string Reason, string? Message) exit;
            try { exit = await AwaitExitAsync(c, workload, log, run.Token).ConfigureAwait(false); }
            finally
            {
                ports?.CloseAll(); // the process is gone, and its sockets with it
                log.Complete();
            }
            var (exitCode, reason, message) = exit;
            ContainerStop? why;
            lock (Gate) { why = c.Stop; c.CurrentRun = null; c.Workload = null; }
            await run.CancelAsync().ConfigureAwait(false);
            var terminated = new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = exitCode, Reason = reason, Message = message, StartedAt = started, FinishedAt = KubeTime.Now(_host.Time), ContainerID = containerId } };
            var restart = !stop.IsCancellationRequested && ShouldRestart(c, exitCode, why);
            lock (Gate)
            {
                c.State = terminated; c.Started = false; c.Done = !restart;
                // A completed init container reports ready, as the kubelet does.
                c.Ready = c.Kind == ContainerKind.Init && exitCode == 0;
            }
            if (!restart) break;
            // Like the kubelet, a container that ran for 10 minutes before exiting starts its back-off afresh.
            if (_host.Time.GetUtcNow() - started.Value >= TimeSpan.FromMinutes(10)) crashes = 0;
            // CrashLoopBackOff as the kubelet does it: the first restart is immediate, then 10 s doubling up to 5 min.
            var backOff = crashes == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(_host.Options.CrashLoopBackOffMax.Ticks, _host.Options.CrashLoopBackOffInitial.Ticks << Math.Min(crashes - 1, 20)));
            crashes++;
            if (backOff > TimeSpan.Zero)
            {
                lock (Gate)
                {
                    c.LastState = terminated;
                    c.State = new ContainerState { Waiting = new ContainerStateWaiting { Reason = "CrashLoopBackOff", Message = $"back-off {Seconds(backOff)} restarting failed container={c.Name} pod={Name}_{Ns}({_pod.Metadata.Uid})" } };
                }
                Record(c, EventTypes.Warning, "BackOff", $"Back-off restarting failed container {c.Name} in pod {Name}_{Ns}({_pod.Metadata.Uid})");
                var waited = DelayAsync(backOff, stop);
                await PublishAsync().ConfigureAwait(false);
                if (!await waited.ConfigureAwait(false)) { lock (Gate) { c.State = terminated; c.Done = true; } break; }
            }
            lock (Gate) { c.LastState = terminated; c.RestartCount++; }
        }
    }

    /// <summary>The kubelet's restart rules: sidecars always; init containers until they succeed; app containers per restartPolicy (a probe kill restarts unless Never).</summary>
    private bool ShouldRestart(ContainerRun c, int exitCode, ContainerStop? why) => c.Kind switch
    {
        ContainerKind.Sidecar => true,
        ContainerKind.Init => exitCode != 0 && RestartPolicy != "Never",
        _ when why?.Kind == ContainerStopKind.ProbeKill => RestartPolicy != "Never",
        _ => RestartPolicy switch { "Never" => false, "OnFailure" => exitCode != 0, _ => true },
    };

    /// <summary>Called by a prober whose liveness or startup probe failed past its threshold: SIGTERM, then restart per policy.</summary>
    public void KillForProbe(ContainerRun c, string containerId, string message, Probe probe)
    {
        lock (Gate)
        {
            if (c.ContainerId != containerId || c.CurrentRun is not { } run || c.Stop is not null) return;
            var restarts = c.Kind == ContainerKind.Sidecar || RestartPolicy != "Never";
            c.Stop = new ContainerStop(ContainerStopKind.ProbeKill, 137, restarts ? message + ", will be restarted" : message, probe);
            run.Cancel();
        }
    }

    private async Task ExitAfterAsync(ContainerRun c, TimeSpan after, int exitCode, CancellationTokenSource run)
    {
        if (after > TimeSpan.Zero)
        {
            try { await Task.Delay(after, _host.Time, run.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
        else await Task.Yield();
        lock (Gate)
        {
            if (c.CurrentRun != run || c.Stop is not null) return;
            c.Stop = new ContainerStop(ContainerStopKind.Exited, exitCode);
            run.Cancel();
        }
    }

    private sealed record RunningWorkload(WorkloadContext Context, Task<int> Task);

    /// <summary>Starts the image's workload, if any; its synchronous start (probe handlers) runs before probes begin.</summary>
    private RunningWorkload? StartWorkload(ContainerRun c, ContainerLog log, CancellationToken stopping, ContainerPorts? ports)
    {
        var workload = _host.Runtime.Options.Workloads.Find(c.Image);
        if (workload is null) return null;
        var context = new WorkloadContext(Ns, Name, c.Name, c.Environment, log, _host.Time, stopping, c.RestartCount, _podIp, ports, c.DeclaredTcpPorts);
        Task<int> task;
        try { task = workload(context); }
        catch (Exception e) { task = Task.FromException<int>(e); }
        return new RunningWorkload(context, task);
    }

    /// <summary>Waits for the container to exit: by itself, killed at once, or terminated gracefully (SIGTERM, grace period, then 137).</summary>
    private async Task<(int ExitCode, string Reason, string? Message)> AwaitExitAsync(ContainerRun c, RunningWorkload? workload, ContainerLog log, CancellationToken stopping)
    {
        var task = workload?.Task;
        if (task is null) await WaitAsync(stopping).ConfigureAwait(false);
        else await Task.WhenAny(task, WaitAsync(stopping)).ConfigureAwait(false);
        ContainerStop? why;
        lock (Gate) why = c.Stop;
        if (task is { IsCompleted: true } && why is null) return await ResultAsync(task, log, stopping).ConfigureAwait(false);
        if (why?.Kind is ContainerStopKind.Killed or ContainerStopKind.Exited)
        {
            if (task is null) await WriteLifecycleAsync(log, string.Create(CultureInfo.InvariantCulture, $"exited with code {why.ExitCode}")).ConfigureAwait(false);
            return (why.ExitCode, why.ExitCode == 0 ? "Completed" : "Error", null);
        }
        Record(c, EventTypes.Normal, "Killing", why?.KillMessage ?? $"Stopping container {c.Name}");
        if (task is null)
        {
            await WriteLifecycleAsync(log, "received SIGTERM, shutting down").ConfigureAwait(false);
            // A process without a workload quits on SIGTERM; one killed for a failed probe is reported as the kubelet usually sees it.
            return why is null ? (0, "Completed", null) : (137, "Error", null);
        }
        var grace = TimeSpan.FromSeconds(why?.Probe?.TerminationGracePeriodSeconds ?? (why is null ? _pod.Metadata.DeletionGracePeriodSeconds : null) ?? _pod.Spec?.TerminationGracePeriodSeconds ?? 30);
        if (!task.IsCompleted)
        {
            using var timeout = new CancellationTokenSource();
            var expired = Task.Delay(grace, _host.Time, timeout.Token);
            // An abandoned pod (node stopped, pod gone) does not wait for the workload's grace period.
            if (await Task.WhenAny(task, expired, _abandonedSignal.Task).ConfigureAwait(false) != task) return (137, "Error", null);
            await timeout.CancelAsync().ConfigureAwait(false);
        }
        return await ResultAsync(task, log, stopping).ConfigureAwait(false);
    }

    private static async Task<(int ExitCode, string Reason, string? Message)> ResultAsync(Task<int> task, ContainerLog log, CancellationToken stopping)
    {
        try
        {
            var code = await task.ConfigureAwait(false);
            return (code, code == 0 ? "Completed" : "Error", null);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { return (0, "Completed", null); }
        catch (Exception e)
        {
            await log.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            return (1, "Error", e.Message);
        }
    }

    /// <summary>A plausible log line from a container without a workload, timestamped on the cluster clock.</summary>
    private Task WriteLifecycleAsync(ContainerLog log, string line) =>
        log.WriteLineAsync(_host.Time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + " kubecore-sim: " + line);

    private async Task<bool> PullAsync(ContainerRun c, CancellationToken stop)
    {
        var backOff = TimeSpan.FromSeconds(10);
        while (!stop.IsCancellationRequested)
        {
            var image = c.Image;
            var policy = c.Spec.ImagePullPolicy ?? (image.Contains(':', StringComparison.Ordinal) && !image.EndsWith(":latest", StringComparison.Ordinal) ? "IfNotPresent" : "Always");
            var cached = _host.HasImage(image);
            if (cached && policy != "Always")
            {
                Record(c, EventTypes.Normal, "Pulled", $"Container image \"{image}\" already present on machine");
                lock (Gate) c.ImageId = image + "@" + SimulatedImageRegistry.Digest(image);
                return true;
            }
            Record(c, EventTypes.Normal, "Pulling", $"Pulling image \"{image}\"");
            var duration = cached ? TimeSpan.Zero : _host.Options.ImagePullDuration;
            if (duration > TimeSpan.Zero && !await DelayAsync(duration, stop).ConfigureAwait(false)) return false;
            if (_host.Runtime.Options.Registry.CanPull(image) || _host.Runtime.Options.Workloads.Find(image) is not null)
            {
                _host.AddImage(image);
                lock (Gate) c.ImageId = image + "@" + SimulatedImageRegistry.Digest(image);
                Record(c, EventTypes.Normal, "Pulled", $"Successfully pulled image \"{image}\" in {Seconds(duration)} ({Seconds(duration)} including waiting)");
                return true;
            }
            var error = $"failed to pull and unpack image \"{image}\": not found";
            lock (Gate) c.State = new ContainerState { Waiting = new ContainerStateWaiting { Reason = "ErrImagePull", Message = error } };
            Record(c, EventTypes.Warning, "Failed", $"Failed to pull image \"{image}\": {error}");
            Record(c, EventTypes.Warning, "Failed", "Error: ErrImagePull");
            await PublishAsync().ConfigureAwait(false);
            lock (Gate) c.State = new ContainerState { Waiting = new ContainerStateWaiting { Reason = "ImagePullBackOff", Message = $"Back-off pulling image \"{image}\": ErrImagePull: {error}" } };
            Record(c, EventTypes.Normal, "BackOff", $"Back-off pulling image \"{image}\"");
            Record(c, EventTypes.Warning, "Failed", "Error: ImagePullBackOff");
            var waited = DelayAsync(backOff, stop);
            await PublishAsync().ConfigureAwait(false);
            if (!await waited.ConfigureAwait(false)) return false;
            backOff = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(5).Ticks, backOff.Ticks * 2));
        }
        return false;
    }

    /// <summary>Writes the pod's status from the containers' state, retrying on conflicts; a vanished pod ends nothing. Deferred while the node is partitioned.</summary>
    public async Task PublishAsync()
    {
        if (_abandoned) return;
        if (_host.Partitioned) { _unpublished = true; return; }
        await _write.WaitAsync().ConfigureAwait(false);
        try
        {
            _unpublished = false;
            var pods = _host.Client.Pods(Ns);
            for (var attempt = 0; attempt < 10 && !_abandoned; attempt++)
            {
                var current = await pods.TryGetAsync(Name).ConfigureAwait(false);
                if (current is null || current.Metadata.Uid != _pod.Metadata.Uid) return;
                PodStatus status;
                lock (Gate) status = PodStatusBuilder.Build(current.Status, _init, _app, _host.HostIp, _podIp, _startTime, _host.Time);
                try { await pods.UpdateStatusAsync(current with { Status = status }).ConfigureAwait(false); return; }
                catch (ConflictException) { }
                catch (NotFoundException) { return; }
            }
        }
        finally { _write.Release(); }
    }

    /// <summary>After a partition heals: writes the status if it changed meanwhile.</summary>
    public Task ResyncAsync() => _unpublished ? PublishAsync() : Task.CompletedTask;

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stop)
    {
        try { await Task.Delay(delay, _host.Time, stop).ConfigureAwait(false); return true; }
        catch (OperationCanceledException) { return false; }
    }

    private static async Task WaitAsync(CancellationToken ct)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (ct.Register(() => stopped.TrySetResult()).ConfigureAwait(false)) await stopped.Task.ConfigureAwait(false);
    }

    /// <summary>Records an event about a container (dropped when the node is gone or cannot reach the API server).</summary>
    public void Record(ContainerRun c, string type, string reason, string message)
    {
        if (_abandoned || _host.Partitioned) return;
        _host.Recorder.Record(_pod, type, reason, message);
    }

    private static async Task Ignore(Func<Task> action)
    {
        try { await action().ConfigureAwait(false); }
        catch (NotFoundException) { }
        catch (ConflictException) { }
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    private static string Id(string seed) => SimulatedImageRegistry.Digest(seed)[7..];
}
