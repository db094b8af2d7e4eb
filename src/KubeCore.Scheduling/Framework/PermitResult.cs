namespace KubeCore.Scheduling.Framework;

/// <summary>A Permit decision.</summary>
/// <param name="Status">Success, Unschedulable, or <see cref="StatusCode.Wait"/>.</param>
/// <param name="Timeout">How long to wait when the status is Wait.</param>
public sealed record PermitResult(PluginStatus Status, TimeSpan Timeout = default)
{
    /// <summary>Allows the pod.</summary>
    public static PermitResult Allow { get; } = new(PluginStatus.Success);

    /// <summary>Makes the pod wait up to <paramref name="timeout"/>.</summary>
    public static PermitResult Wait(TimeSpan timeout) => new(PluginStatus.Of(StatusCode.Wait), timeout);

    /// <summary>Denies the pod.</summary>
    public static PermitResult Deny(string reason) => new(PluginStatus.Unschedulable(reason));
}
