using KubeCore.Models;

namespace KubeCore.Reconciliation;

/// <summary>
/// Filters the informer events a controller reacts to before they become reconcile requests (controller-runtime's
/// <c>predicate.Funcs</c>). A null function lets that kind of event through. Resyncs arrive as updates whose old and
/// new objects are the same.
/// </summary>
public sealed class EventPredicate
{
    private readonly Func<KubeObject, bool>? _create;
    private readonly Func<KubeObject, KubeObject, bool>? _update;
    private readonly Func<KubeObject, bool>? _delete;

    /// <summary>Creates a predicate from functions for each event type (null: always pass).</summary>
    public EventPredicate(Func<KubeObject, bool>? create = null, Func<KubeObject, KubeObject, bool>? update = null, Func<KubeObject, bool>? delete = null)
    {
        _create = create;
        _update = update;
        _delete = delete;
    }

    /// <summary>Whether an added object should be reconciled.</summary>
    public bool Create(KubeObject obj) => _create?.Invoke(obj) ?? true;

    /// <summary>Whether an update from <paramref name="oldObj"/> to <paramref name="newObj"/> should be reconciled.</summary>
    public bool Update(KubeObject oldObj, KubeObject newObj) => _update?.Invoke(oldObj, newObj) ?? true;

    /// <summary>Whether a deleted object should be reconciled.</summary>
    public bool Delete(KubeObject obj) => _delete?.Invoke(obj) ?? true;
}
