using KubeCore.Models;
using KubeCore.Selectors;

namespace KubeCore.Reconciliation;

/// <summary>Ready-made <see cref="EventPredicate"/>s (controller-runtime's <c>pkg/predicate</c>).</summary>
public static class Predicates
{
    /// <summary>
    /// Passes updates only when <c>metadata.generation</c> changed, i.e. the spec changed — status-only updates and
    /// resyncs are filtered out. Creates and deletes pass.
    /// </summary>
    public static EventPredicate GenerationChanged { get; } =
        new(update: (o, n) => o.Metadata.Generation != n.Metadata.Generation);

    /// <summary>Passes updates only when <c>metadata.resourceVersion</c> changed (filters resyncs).</summary>
    public static EventPredicate ResourceVersionChanged { get; } =
        new(update: (o, n) => o.Metadata.ResourceVersion != n.Metadata.ResourceVersion);

    /// <summary>Passes updates only when the labels changed.</summary>
    public static EventPredicate LabelsChanged { get; } =
        new(update: (o, n) => !SameMap(o.Metadata.Labels, n.Metadata.Labels));

    /// <summary>Passes updates only when the annotations changed.</summary>
    public static EventPredicate AnnotationsChanged { get; } =
        new(update: (o, n) => !SameMap(o.Metadata.Annotations, n.Metadata.Annotations));

    /// <summary>Passes events whose object's labels match <paramref name="selector"/> (e.g. <c>app=web,tier!=db</c>); for updates, the new object's.</summary>
    /// <exception cref="SelectorParseException">The selector is not valid.</exception>
    public static EventPredicate LabelSelector(string selector) => Matching(Selector.Parse(selector));

    /// <summary>Passes events whose object's labels match <paramref name="selector"/>; for updates, the new object's.</summary>
    public static EventPredicate LabelSelector(LabelSelector selector) => Matching(Selector.FromLabelSelector(selector));

    /// <summary>Passes events only for objects in <paramref name="namespace"/>.</summary>
    public static EventPredicate InNamespace(string @namespace) =>
        new(o => o.Metadata.Namespace == @namespace, (_, n) => n.Metadata.Namespace == @namespace, o => o.Metadata.Namespace == @namespace);

    /// <summary>Passes an event when every predicate passes it.</summary>
    public static EventPredicate And(params EventPredicate[] predicates) =>
        new(o => predicates.All(p => p.Create(o)), (o, n) => predicates.All(p => p.Update(o, n)), o => predicates.All(p => p.Delete(o)));

    /// <summary>Passes an event when any predicate passes it.</summary>
    public static EventPredicate Or(params EventPredicate[] predicates) =>
        new(o => predicates.Any(p => p.Create(o)), (o, n) => predicates.Any(p => p.Update(o, n)), o => predicates.Any(p => p.Delete(o)));

    /// <summary>Passes an event when <paramref name="predicate"/> does not.</summary>
    public static EventPredicate Not(EventPredicate predicate) =>
        new(o => !predicate.Create(o), (o, n) => !predicate.Update(o, n), o => !predicate.Delete(o));

    private static EventPredicate Matching(Selector selector) =>
        new(o => selector.Matches(o.Metadata.Labels), (_, n) => selector.Matches(n.Metadata.Labels), o => selector.Matches(o.Metadata.Labels));

    private static bool SameMap(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0)) return false;
        if (a is null || b is null) return true;
        foreach (var (key, value) in a)
            if (!b.TryGetValue(key, out var other) || other != value) return false;
        return true;
    }
}
