using KubeCore.Models;

namespace KubeCore.Runtime.Simulated.Pods;

/// <summary>The runtime state of one container of a pod, turned into a <see cref="ContainerStatus"/> on each status write.</summary>
internal sealed class ContainerRun(Container spec)
{
    public Container Spec { get; } = spec;
    public string Name => Spec.Name;
    public string Image => Spec.Image ?? "";
    public string? ImageId { get; set; }
    public string? ContainerId { get; set; }
    public ContainerState State { get; set; } = new() { Waiting = new ContainerStateWaiting { Reason = "ContainerCreating" } };
    public ContainerState? LastState { get; set; }
    public int RestartCount { get; set; }
    public bool Ready { get; set; }
    public bool Started { get; set; }
    /// <summary>Set when the container exited and will not be started again.</summary>
    public bool Done { get; set; }

    public ContainerStatus ToStatus() => new()
    {
        Name = Name, Image = Image, ImageID = ImageId ?? "", ContainerID = ContainerId, State = State, LastState = LastState ?? new ContainerState(),
        Ready = Ready, Started = Started, RestartCount = RestartCount,
    };
}
