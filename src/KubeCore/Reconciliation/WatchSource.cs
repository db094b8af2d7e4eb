using KubeCore.Informers;
using KubeCore.Models;

namespace KubeCore.Reconciliation;

/// <summary>One kind a controller watches: its informer events, filtered by predicates and mapped to reconcile requests.</summary>
internal interface IWatchSource
{
    /// <summary>Creates the shared informer now, so the manager can wait for its cache before controllers start.</summary>
    void EnsureInformer(SharedInformerFactory informers);

    /// <summary>Registers with the shared informer; dispose to unregister.</summary>
    IDisposable Attach(SharedInformerFactory informers, Action<ReconcileRequest> enqueue);
}

/// <summary>Watches <typeparamref name="TObject"/> and maps each event's object(s) to requests.</summary>
internal sealed class WatchSource<TObject>(Func<TObject, IEnumerable<ReconcileRequest>> map, IReadOnlyList<EventPredicate> predicates) : IWatchSource
    where TObject : KubeObject
{
    public void EnsureInformer(SharedInformerFactory informers) => informers.GetInformer<TObject>();

    public IDisposable Attach(SharedInformerFactory informers, Action<ReconcileRequest> enqueue)
    {
        var informer = informers.GetInformer<TObject>();
        return informer.AddEventHandler(
            onAdd: o =>
            {
                if (predicates.All(p => p.Create(o))) foreach (var r in map(o)) enqueue(r);
            },
            onUpdate: (o, n) =>
            {
                if (!predicates.All(p => p.Update(o, n))) return;
                // Both sides: a child that changed owner must wake both owners.
                foreach (var r in map(o).Concat(map(n)).Distinct()) enqueue(r);
            },
            onDelete: o =>
            {
                if (predicates.All(p => p.Delete(o))) foreach (var r in map(o)) enqueue(r);
            });
    }
}
