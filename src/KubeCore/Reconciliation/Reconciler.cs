using KubeCore.Client;
using KubeCore.Events;
using KubeCore.Informers;
using KubeCore.Models;

namespace KubeCore.Reconciliation;

/// <summary>
/// A typed reconciler for the kind a controller is <c>For</c>: it receives the object as currently cached by the
/// shared informer (null when it is gone), plus a client, the lister and an event recorder. The contract of
/// <see cref="IReconciler"/> applies: level-based, idempotent, never run concurrently for one key.
/// </summary>
/// <typeparam name="T">The reconciled kind.</typeparam>
public abstract class Reconciler<T> : IReconciler where T : KubeObject
{
    private Lister<T>? _lister;
    private KubeClient? _client;
    private IEventRecorder? _recorder;

    /// <summary>The cluster client, for writes and for reads the cache cannot answer.</summary>
    protected KubeClient Client => _client ?? throw Unbound();

    /// <summary>Reads <typeparamref name="T"/> from the shared informer's cache.</summary>
    protected Lister<T> Lister => _lister ?? throw Unbound();

    /// <summary>Records core/v1 Events about objects, as this controller.</summary>
    protected IEventRecorder Recorder => _recorder ?? throw Unbound();

    /// <summary>Reconciles <paramref name="current"/> (null when the object no longer exists).</summary>
    /// <param name="request">The key being reconciled.</param>
    /// <param name="current">The cached object, or null when it is gone; a shared snapshot, so derive changes with <c>with</c>.</param>
    /// <param name="cancellationToken">Cancelled when the controller stops.</param>
    protected abstract Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, T? current, CancellationToken cancellationToken);

    /// <inheritdoc />
    public Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken) =>
        ReconcileAsync(request, Lister.Get(request.Namespace, request.Name), cancellationToken);

    internal void Bind(KubeClient client, Lister<T> lister, IEventRecorder recorder)
    {
        _client = client;
        _lister = lister;
        _recorder = recorder;
    }

    private InvalidOperationException Unbound() =>
        new($"{GetType().Name} is not bound to a controller yet: register it with a controller For<{typeof(T).Name}>()");
}
