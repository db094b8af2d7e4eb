namespace KubeCore.Runtime.Simulated.Tests;

/// <summary>Waiting for an outcome in tests whose base class signals cluster changes.</summary>
internal static class Waiting
{
    /// <summary>
    /// Re-runs <paramref name="probe"/> on every signal of <paramref name="changed"/>, and every 20 ms, until it returns a value;
    /// fails after 20 s. Virtual time never moves here.
    /// </summary>
    public static async Task<T> Eventually<T>(SemaphoreSlim changed, Func<Task<T?>> probe, string what) where T : class
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await probe() is { } result) return result;
            try { await changed.WaitAsync(TimeSpan.FromMilliseconds(20), timeout.Token); }
            catch (OperationCanceledException) { Assert.Fail("timed out waiting for " + what); }
        }
    }
}
