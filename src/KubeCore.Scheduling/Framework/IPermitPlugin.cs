using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>Gates binding: allow, deny, or wait (up to a timeout on the scheduler's clock) until allowed through <see cref="WaitingPod"/>.</summary>
public interface IPermitPlugin : IPlugin
{
    /// <summary>Success to allow, Unschedulable to deny, <see cref="StatusCode.Wait"/> with a timeout to wait.</summary>
    PermitResult Permit(CycleState state, Pod pod, string nodeName);
}
