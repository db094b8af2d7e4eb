namespace KubeCore.Runtime.Simulated.Behaviors;

/// <summary>Fluent settings for a <see cref="ContainerBehavior"/>; later calls override earlier ones.</summary>
/// <example><code>b => b.StartDelay(TimeSpan.FromSeconds(5), jitter: TimeSpan.FromSeconds(2)).ExitAfter(TimeSpan.FromSeconds(30), exitCode: 1)</code></example>
public sealed class ContainerBehaviorBuilder
{
    private ContainerBehavior _behavior = ContainerBehavior.Default;
    private int? _exitCode;
    private bool _crash;

    internal ContainerBehaviorBuilder() { }

    /// <summary>The container takes <paramref name="delay"/> (plus up to <paramref name="jitter"/>, drawn from the runtime's seeded random source) to start.</summary>
    public ContainerBehaviorBuilder StartDelay(TimeSpan delay, TimeSpan jitter = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(jitter, TimeSpan.Zero);
        _behavior = _behavior with { StartDelay = delay, StartJitter = jitter };
        return this;
    }

    /// <summary>The container's process exits with <paramref name="exitCode"/> after running <paramref name="after"/>; the restart policy then applies.</summary>
    public ContainerBehaviorBuilder ExitAfter(TimeSpan after, int exitCode = 0)
    {
        SetExitAfter(after);
        return ExitCode(exitCode);
    }

    /// <summary>The container's process fails with <paramref name="exitCode"/> (non-zero, default 1) after running <paramref name="after"/>.</summary>
    public ContainerBehaviorBuilder CrashAfter(TimeSpan after, int exitCode = 1)
    {
        ArgumentOutOfRangeException.ThrowIfZero(exitCode);
        _crash = true;
        return ExitAfter(after, exitCode);
    }

    /// <summary>The exit code; without an exit time the container's process exits at once with it.</summary>
    public ContainerBehaviorBuilder ExitCode(int exitCode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exitCode);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(exitCode, 255);
        _exitCode = exitCode;
        return this;
    }

    /// <summary>Readiness probes fail (a container without one is never ready); pass false to undo.</summary>
    public ContainerBehaviorBuilder FailReadiness(bool fail = true) { _behavior = _behavior with { FailReadiness = fail }; return this; }

    /// <summary>Liveness probes fail once the container has run <paramref name="after"/>, so the kubelet kills and restarts it.</summary>
    public ContainerBehaviorBuilder FailLivenessAfter(TimeSpan after)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(after, TimeSpan.Zero);
        _behavior = _behavior with { FailLivenessAfter = after };
        return this;
    }

    /// <summary>Startup probes fail; pass false to undo.</summary>
    public ContainerBehaviorBuilder FailStartup(bool fail = true) { _behavior = _behavior with { FailStartup = fail }; return this; }

    internal void SetStartDelay(TimeSpan delay) => _behavior = _behavior with { StartDelay = delay };
    internal void SetStartJitter(TimeSpan jitter) => _behavior = _behavior with { StartJitter = jitter };
    internal void SetExitAfter(TimeSpan after)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(after, TimeSpan.Zero);
        _behavior = _behavior with { ExitAfter = after };
    }
    internal void SetCrash() => _crash = true;

    internal ContainerBehavior Build()
    {
        var code = _exitCode ?? 0;
        if (_crash && code == 0) code = 1;
        var after = _behavior.ExitAfter ?? (_exitCode is not null ? TimeSpan.Zero : null);
        return _behavior with { ExitAfter = after, ExitCode = code };
    }
}
