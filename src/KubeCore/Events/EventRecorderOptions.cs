namespace KubeCore.Events;

/// <summary>Settings of an <see cref="EventRecorder"/>.</summary>
public sealed class EventRecorderOptions
{
    /// <summary>The component that reports the events (<c>source.component</c> and <c>reportingComponent</c>), e.g. <c>deployment-controller</c>.</summary>
    /// <value>The default is <c>kubecore</c>.</value>
    public string Component { get; set; } = "kubecore";

    /// <summary>The host or instance reporting the events (<c>source.host</c> and <c>reportingInstance</c>).</summary>
    /// <value>The default is null.</value>
    public string? Host { get; set; }

    /// <summary>How many events may wait to be written; further events are dropped (and logged) rather than block the caller.</summary>
    /// <value>The default is 1000.</value>
    public int MaxQueuedEvents { get; set; } = 1000;

    /// <summary>How many distinct events are remembered for aggregation; the cache is cleared when it grows beyond this.</summary>
    /// <value>The default is 4096.</value>
    public int AggregationCacheSize { get; set; } = 4096;
}
