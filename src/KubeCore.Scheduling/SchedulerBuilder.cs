using KubeCore.Events;

namespace KubeCore.Scheduling;

/// <summary>Composes a <see cref="Scheduler"/>: profiles, plugins, settings.</summary>
public sealed class SchedulerBuilder
{
    private readonly SchedulerOptions _options = new();
    private readonly List<Action<ProfileBuilder>> _defaultProfile = [];

    /// <summary>Adjusts the settings.</summary>
    public SchedulerBuilder Configure(Action<SchedulerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(_options);
        return this;
    }

    /// <summary>Records Scheduled/FailedScheduling/Preempted events through <paramref name="recorder"/>.</summary>
    public SchedulerBuilder UseEventRecorder(IEventRecorder recorder)
    {
        _options.EventRecorder = recorder ?? throw new ArgumentNullException(nameof(recorder));
        return this;
    }

    /// <summary>Adjusts the default profile (<c>default-scheduler</c>).</summary>
    public SchedulerBuilder ConfigureDefaultProfile(Action<ProfileBuilder> configure)
    {
        _defaultProfile.Add(configure ?? throw new ArgumentNullException(nameof(configure)));
        return this;
    }

    /// <summary>Adds a profile that pods select with <c>spec.schedulerName: <paramref name="schedulerName"/></c>.</summary>
    public SchedulerBuilder AddProfile(string schedulerName, Action<ProfileBuilder>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(schedulerName);
        var profile = Profile(schedulerName);
        configure?.Invoke(new ProfileBuilder(profile));
        return this;
    }

    /// <summary>Builds the scheduler (not started).</summary>
    public Scheduler Build()
    {
        var defaults = Profile(SchedulerOptions.DefaultSchedulerName);
        foreach (var configure in _defaultProfile) configure(new ProfileBuilder(defaults));
        return new Scheduler(_options);
    }

    private SchedulerProfile Profile(string name)
    {
        var profile = _options.Profiles.FirstOrDefault(p => p.SchedulerName == name);
        if (profile is null) _options.Profiles.Add(profile = new SchedulerProfile { SchedulerName = name });
        return profile;
    }
}
