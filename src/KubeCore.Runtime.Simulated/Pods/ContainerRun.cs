using KubeCore.Models;

namespace KubeCore.Runtime.Simulated.Pods;

/// <summary>Whether a container is an app container, a run-to-completion init container, or a sidecar (init container with <c>restartPolicy: Always</c>).</summary>
internal enum ContainerKind { App, Init, Sidecar }

/// <summary>Why a running container is being stopped, set before its run is cancelled; none means the pod is being terminated.</summary>
internal sealed record ContainerStop(ContainerStopKind Kind, int ExitCode = 0, string? KillMessage = null, Probe? Probe = null);

/// <summary>The kinds of <see cref="ContainerStop"/>.</summary>
internal enum ContainerStopKind
{
    /// <summary>A probe failed past its threshold: SIGTERM with a grace period, then restart per policy.</summary>
    ProbeKill,
    /// <summary>The process died at once with an exit code (fault injection).</summary>
    Killed,
    /// <summary>The process exited by itself (a configured behavior).</summary>
    Exited,
}

/// <summary>The runtime state of one container of a pod, turned into a <see cref="ContainerStatus"/> on each status write.</summary>
internal sealed class ContainerRun(Container spec, ContainerKind kind, bool podHasInitContainers)
{
    private readonly TaskCompletionSource _firstStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Container Spec { get; } = spec;
    public ContainerKind Kind { get; } = kind;
    public string Name => Spec.Name;
    public string Image => Spec.Image ?? "";
    public string? ImageId { get; set; }
    public string? ContainerId { get; set; }
    // Like the kubelet, containers not created yet wait as PodInitializing while the pod has init containers.
    public ContainerState State { get; set; } = new() { Waiting = new ContainerStateWaiting { Reason = podHasInitContainers ? "PodInitializing" : "ContainerCreating" } };
    public ContainerState? LastState { get; set; }
    public int RestartCount { get; set; }
    public bool Ready { get; set; }
    public bool Started { get; set; }
    /// <summary>Set when the container exited and will not be started again.</summary>
    public bool Done { get; set; }
    /// <summary>The current run, cancelled to stop the container; null while it does not run.</summary>
    public CancellationTokenSource? CurrentRun { get; set; }
    /// <summary>Why the current run is being stopped (null: the pod is terminating).</summary>
    public ContainerStop? Stop { get; set; }
    /// <summary>The log of the current (or last) run.</summary>
    public Workloads.ContainerLog? Log { get; set; }
    /// <summary>The workload of the current run, if the image has one and it runs.</summary>
    public Workloads.WorkloadContext? Workload { get; set; }
    /// <summary>The container's literal environment (<c>env</c> entries with a value; the last of a name wins).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; } =
        (spec.Env ?? []).Where(e => e.Value is not null).GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.Last().Value!, StringComparer.Ordinal);

    /// <summary>The TCP ports the container declares (<c>ports[].containerPort</c>), valid and distinct, in order.</summary>
    public IReadOnlyList<int> DeclaredTcpPorts { get; } =
        [.. (spec.Ports ?? []).Where(p => (p.Protocol ?? "TCP") == "TCP" && p.Port is > 0 and <= 65535).Select(p => p.Port).Distinct()];

    /// <summary>Whether the container ever passed its startup probe (a sidecar lets the next init container start then).</summary>
    public bool EverStarted => _firstStarted.Task.IsCompleted;
    public Task FirstStarted => _firstStarted.Task;
    public void MarkStarted() { Started = true; _firstStarted.TrySetResult(); }

    /// <summary>A regular init container that finished successfully.</summary>
    public bool Succeeded => Done && State.Terminated?.ExitCode == 0;

    public ContainerStatus ToStatus() => new()
    {
        Name = Name, Image = Image, ImageID = ImageId ?? "", ContainerID = ContainerId, State = State, LastState = LastState ?? new ContainerState(),
        Ready = Ready, Started = Started, RestartCount = RestartCount,
    };
}
