using System.Globalization;
using KubeCore.Api;
using KubeCore.Events;
using KubeCore.Models;
using KubeCore.Runtime.Simulated.Images;
using KubeCore.Runtime.Simulated.Workloads;

namespace KubeCore.Runtime.Simulated.Pods;

/// <summary>Runs one pod on a simulated node: pulls images, starts containers, reports status, restarts, and kills on deletion.</summary>
internal sealed class PodWorker
{
    private readonly PodManager _host;
    private readonly CancellationTokenSource _kill = new();
    private readonly TaskCompletionSource _abandonedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly object _gate = new();
    private readonly List<ContainerRun> _containers;
    private readonly KubeTime _startTime;
    private volatile Pod _pod;
    private volatile bool _abandoned;
    private string? _podIp;

    public PodWorker(PodManager host, Pod pod)
    {
        _host = host;
        _pod = pod;
        _containers = (pod.Spec?.Containers ?? []).Select(c => new ContainerRun(c)).ToList();
        _startTime = KubeTime.Now(host.Time);
    }

    private string Ns => _pod.Metadata.Namespace ?? "default";
    private string Name => _pod.Metadata.Name ?? "";
    public string? PodIp => _podIp;
    public Task Completion { get; private set; } = Task.CompletedTask;

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

    private async Task RunAsync()
    {
        try
        {
            _podIp = _host.IpPool.Allocate();
            if (_pod.Metadata.DeletionTimestamp is null)
            {
                await PublishAsync().ConfigureAwait(false);
                await Task.WhenAll(_containers.Select(RunContainerAsync)).ConfigureAwait(false);
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

    private async Task RunContainerAsync(ContainerRun c)
    {
        if (!await PullAsync(c).ConfigureAwait(false)) return;
        var crashes = 0;
        while (!_kill.IsCancellationRequested)
        {
            if (_host.Options.ContainerStartDuration > TimeSpan.Zero && !await DelayAsync(_host.Options.ContainerStartDuration).ConfigureAwait(false)) break;
            var started = KubeTime.Now(_host.Time);
            lock (_gate)
            {
                c.ContainerId = "kubecore://" + Id($"{_pod.Metadata.Uid}/{c.Name}/{c.RestartCount}");
                c.State = new ContainerState { Running = new ContainerStateRunning { StartedAt = started } };
                c.Started = true;
                c.Ready = c.Spec.ReadinessProbe is null;
            }
            Record(EventTypes.Normal, "Created", $"Created container: {c.Name}");
            Record(EventTypes.Normal, "Started", $"Started container {c.Name}");
            using var run = CancellationTokenSource.CreateLinkedTokenSource(_kill.Token);
            // Timers start before the status write, so whoever sees the status and advances time also moves them.
            if (c.Spec.ReadinessProbe is { } probe) _ = BecomeReadyAsync(c, c.ContainerId, TimeSpan.FromSeconds(probe.InitialDelaySeconds ?? 0), run.Token);
            await PublishAsync().ConfigureAwait(false);
            var (exitCode, reason, message) = await RunWorkloadAsync(c, run.Token).ConfigureAwait(false);
            run.Cancel();
            var terminated = new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = exitCode, Reason = reason, Message = message, StartedAt = started, FinishedAt = KubeTime.Now(_host.Time), ContainerID = c.ContainerId } };
            var restart = !_kill.IsCancellationRequested && ShouldRestart(exitCode);
            lock (_gate) { c.State = terminated; c.Ready = false; c.Done = !restart; }
            if (!restart) break;
            // Like the kubelet, a container that ran for 10 minutes before exiting starts its back-off afresh.
            if (_host.Time.GetUtcNow() - started.Value >= TimeSpan.FromMinutes(10)) crashes = 0;
            // CrashLoopBackOff as the kubelet does it: the first restart is immediate, then 10 s doubling up to 5 min.
            var backOff = crashes == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(_host.Options.CrashLoopBackOffMax.Ticks, _host.Options.CrashLoopBackOffInitial.Ticks << Math.Min(crashes - 1, 20)));
            crashes++;
            if (backOff > TimeSpan.Zero)
            {
                lock (_gate)
                {
                    c.LastState = terminated;
                    c.State = new ContainerState { Waiting = new ContainerStateWaiting { Reason = "CrashLoopBackOff", Message = $"back-off {Seconds(backOff)} restarting failed container={c.Name} pod={Name}_{Ns}({_pod.Metadata.Uid})" } };
                }
                Record(EventTypes.Warning, "BackOff", $"Back-off restarting failed container {c.Name} in pod {Name}_{Ns}({_pod.Metadata.Uid})");
                var waited = DelayAsync(backOff);
                await PublishAsync().ConfigureAwait(false);
                if (!await waited.ConfigureAwait(false)) { lock (_gate) { c.State = terminated; c.Done = true; } break; }
            }
            lock (_gate) { c.LastState = terminated; c.RestartCount++; }
        }
    }

    private bool ShouldRestart(int exitCode) => (_pod.Spec?.RestartPolicy ?? "Always") switch
    {
        "Never" => false,
        "OnFailure" => exitCode != 0,
        _ => true,
    };

    private async Task<bool> PullAsync(ContainerRun c)
    {
        var backOff = TimeSpan.FromSeconds(10);
        while (!_kill.IsCancellationRequested)
        {
            var image = c.Image;
            var policy = c.Spec.ImagePullPolicy ?? (image.Contains(':', StringComparison.Ordinal) && !image.EndsWith(":latest", StringComparison.Ordinal) ? "IfNotPresent" : "Always");
            var cached = _host.HasImage(image);
            if (cached && policy != "Always")
            {
                Record(EventTypes.Normal, "Pulled", $"Container image \"{image}\" already present on machine");
                lock (_gate) c.ImageId = image + "@" + SimulatedImageRegistry.Digest(image);
                return true;
            }
            Record(EventTypes.Normal, "Pulling", $"Pulling image \"{image}\"");
            var duration = cached ? TimeSpan.Zero : _host.Options.ImagePullDuration;
            if (duration > TimeSpan.Zero && !await DelayAsync(duration).ConfigureAwait(false)) return false;
            if (_host.Runtime.Options.Registry.CanPull(image) || _host.Runtime.Options.Workloads.Find(image) is not null)
            {
                _host.AddImage(image);
                lock (_gate) c.ImageId = image + "@" + SimulatedImageRegistry.Digest(image);
                Record(EventTypes.Normal, "Pulled", $"Successfully pulled image \"{image}\" in {Seconds(duration)} ({Seconds(duration)} including waiting)");
                return true;
            }
            var error = $"failed to pull and unpack image \"{image}\": not found";
            lock (_gate) c.State = new ContainerState { Waiting = new ContainerStateWaiting { Reason = "ErrImagePull", Message = error } };
            Record(EventTypes.Warning, "Failed", $"Failed to pull image \"{image}\": {error}");
            Record(EventTypes.Warning, "Failed", "Error: ErrImagePull");
            await PublishAsync().ConfigureAwait(false);
            lock (_gate) c.State = new ContainerState { Waiting = new ContainerStateWaiting { Reason = "ImagePullBackOff", Message = $"Back-off pulling image \"{image}\": ErrImagePull: {error}" } };
            Record(EventTypes.Normal, "BackOff", $"Back-off pulling image \"{image}\"");
            Record(EventTypes.Warning, "Failed", "Error: ImagePullBackOff");
            var waited = DelayAsync(backOff);
            await PublishAsync().ConfigureAwait(false);
            if (!await waited.ConfigureAwait(false)) return false;
            backOff = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(5).Ticks, backOff.Ticks * 2));
        }
        return false;
    }

    private async Task<(int ExitCode, string Reason, string? Message)> RunWorkloadAsync(ContainerRun c, CancellationToken stopping)
    {
        var workload = _host.Runtime.Options.Workloads.Find(c.Image);
        if (workload is null)
        {
            await WaitAsync(stopping).ConfigureAwait(false);
            Record(EventTypes.Normal, "Killing", $"Stopping container {c.Name}");
            return (0, "Completed", null);
        }
        var env = (c.Spec.Env ?? []).Where(e => e.Value is not null).GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.Last().Value!, StringComparer.Ordinal);
        var context = new WorkloadContext(Ns, Name, c.Name, env, _host.Runtime.LogFor(Ns, Name, c.Name), _host.Time, stopping, c.RestartCount);
        var task = Task.Run(() => workload(context), CancellationToken.None);
        await Task.WhenAny(task, WaitAsync(stopping)).ConfigureAwait(false);
        if (!task.IsCompleted)
        {
            Record(EventTypes.Normal, "Killing", $"Stopping container {c.Name}");
            var grace = TimeSpan.FromSeconds(_pod.Metadata.DeletionGracePeriodSeconds ?? _pod.Spec?.TerminationGracePeriodSeconds ?? 30);
            using var timeout = new CancellationTokenSource();
            var expired = Task.Delay(grace, _host.Time, timeout.Token);
            // An abandoned pod (node stopped, pod gone) does not wait for the workload's grace period.
            if (await Task.WhenAny(task, expired, _abandonedSignal.Task).ConfigureAwait(false) != task) return (137, "Error", null);
            await timeout.CancelAsync().ConfigureAwait(false);
        }
        try
        {
            var code = await task.ConfigureAwait(false);
            return (code, code == 0 ? "Completed" : "Error", null);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { return (0, "Completed", null); }
        catch (Exception e)
        {
            await context.Log.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            return (1, "Error", e.Message);
        }
    }

    private async Task BecomeReadyAsync(ContainerRun c, string? containerId, TimeSpan delay, CancellationToken ct)
    {
        if (delay > TimeSpan.Zero)
        {
            var wait = Task.Delay(delay, _host.Time, ct);
            try { await wait.ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
        else await Task.Yield();
        lock (_gate)
        {
            if (c.ContainerId != containerId || c.State.Running is null) return;
            c.Ready = true;
        }
        await PublishAsync().ConfigureAwait(false);
    }

    /// <summary>Writes the pod's status from the containers' state, retrying on conflicts; a vanished pod ends nothing.</summary>
    private async Task PublishAsync()
    {
        if (_abandoned) return;
        await _write.WaitAsync().ConfigureAwait(false);
        try
        {
            var pods = _host.Client.Pods(Ns);
            for (var attempt = 0; attempt < 10 && !_abandoned; attempt++)
            {
                var current = await pods.TryGetAsync(Name).ConfigureAwait(false);
                if (current is null || current.Metadata.Uid != _pod.Metadata.Uid) return;
                PodStatus status;
                lock (_gate) status = PodStatusBuilder.Build(current.Status, _containers, _host.HostIp, _podIp, _startTime, _host.Time);
                try { await pods.UpdateStatusAsync(current with { Status = status }).ConfigureAwait(false); return; }
                catch (ConflictException) { }
                catch (NotFoundException) { return; }
            }
        }
        finally { _write.Release(); }
    }

    private async Task<bool> DelayAsync(TimeSpan delay)
    {
        try { await Task.Delay(delay, _host.Time, _kill.Token).ConfigureAwait(false); return true; }
        catch (OperationCanceledException) { return false; }
    }

    private static async Task WaitAsync(CancellationToken ct)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (ct.Register(() => stopped.TrySetResult()).ConfigureAwait(false)) await stopped.Task.ConfigureAwait(false);
    }

    private void Record(string type, string reason, string message)
    {
        if (!_abandoned) _host.Recorder.Record(_pod, type, reason, message);
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
