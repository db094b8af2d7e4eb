using KubeCore.Models;

namespace KubeCore.Watch;

/// <summary>What a watch on a <see cref="WatchCache"/> asks for; mirrors the Kubernetes watch query parameters.</summary>
public sealed record WatchRequest
{
    /// <summary>Only keys under this prefix (e.g. a namespace: <c>/registry/pods/default/</c>); null = the whole resource.</summary>
    public string? KeyPrefix { get; init; }

    /// <summary>Which objects the watcher sees (compiled label/field selectors); null = all. Must be cheap and thread-safe.</summary>
    public Func<KubeObject, bool>? Filter { get; init; }

    /// <summary>
    /// Index queries that every object passing <see cref="Filter"/> satisfies: they narrow the initial state that is
    /// scanned, and the first one lets the dispatcher skip batches with no event for this watcher (so e.g. one watcher
    /// per node is not woken by every pod change). A hint the filter does not imply would hide events.
    /// </summary>
    public IReadOnlyList<IndexQuery>? IndexHints { get; init; }

    /// <summary>
    /// Unset or <c>"0"</c>: synthetic ADDED for every current matching object, then changes.
    /// <c>N</c>: every change after N, or a 410 Expired ERROR when N is older than the history.
    /// </summary>
    public string? ResourceVersion { get; init; }

    /// <summary>
    /// True: ADDED for the current state (at least as fresh as <see cref="ResourceVersion"/>), then a BOOKMARK annotated
    /// <c>k8s.io/initial-events-end: "true"</c>, then changes. False with an unset resourceVersion: changes from now on.
    /// </summary>
    public bool? SendInitialEvents { get; init; }

    /// <summary>Whether periodic BOOKMARK events are sent.</summary>
    public bool AllowWatchBookmarks { get; init; }
}
