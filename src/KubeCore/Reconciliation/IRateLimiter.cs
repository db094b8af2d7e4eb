namespace KubeCore.Reconciliation;

/// <summary>Decides how long an item waits before it is re-queued after a failure (client-go's <c>TypedRateLimiter</c>).</summary>
public interface IRateLimiter
{
    /// <summary>Records a failure of <paramref name="item"/> and returns how long it should wait before being retried.</summary>
    TimeSpan When(object item);

    /// <summary>Forgets <paramref name="item"/>'s failures, so its next failure starts from the base delay again.</summary>
    void Forget(object item);

    /// <summary>How many times <paramref name="item"/> has failed since it was last forgotten.</summary>
    int NumRequeues(object item);
}
