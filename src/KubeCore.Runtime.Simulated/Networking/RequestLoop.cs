using System.Collections.Concurrent;

namespace KubeCore.Runtime.Simulated.Networking;

/// <summary>
/// A client that sends one GET after another to a URL inside the cluster, without pauses, keeping every answer and every
/// failure: the steady load of a zero-downtime check (delete a pod or roll out an image while it runs, then assert that
/// <see cref="Failures"/> is empty). Start it with <see cref="ClusterNetwork.StartRequestLoop"/>; dispose it to stop.
/// </summary>
public sealed class RequestLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _answers = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly SemaphoreSlim _progress = new(0);
    private readonly Task _run;
    private int _disposed;

    internal RequestLoop(HttpClient http, string url)
    {
        _run = Task.Run(async () =>
        {
            using (http)
                while (!_stop.IsCancellationRequested)
                {
                    try
                    {
                        using var response = await http.GetAsync(url, _stop.Token).ConfigureAwait(false);
                        var body = await response.Content.ReadAsStringAsync(_stop.Token).ConfigureAwait(false);
                        if (response.IsSuccessStatusCode) _answers.Enqueue(body);
                        else _failures.Enqueue($"HTTP {(int)response.StatusCode}: {body}");
                    }
                    catch (OperationCanceledException) when (_stop.IsCancellationRequested) { return; }
                    catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException) { _failures.Enqueue(e.Message); }
                    _progress.Release();
                }
        });
    }

    /// <summary>The bodies of the successful answers so far, in order.</summary>
    public IReadOnlyList<string> Answers => [.. _answers];

    /// <summary>How many answers arrived so far.</summary>
    public int AnswerCount => _answers.Count;

    /// <summary>What went wrong so far: HTTP errors and connection failures, in order.</summary>
    public IReadOnlyList<string> Failures => [.. _failures];

    /// <summary>Completes once at least <paramref name="count"/> answers arrived in all, or at the first failure.</summary>
    public async Task WaitForAnswersAsync(int count, CancellationToken cancellationToken = default)
    {
        while (_answers.Count < count && _failures.IsEmpty && !_run.IsCompleted)
            await _progress.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops sending and waits for the request in flight (idempotent).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        try { await _run.ConfigureAwait(false); } catch (OperationCanceledException) { }
        _stop.Dispose();
        _progress.Dispose();
    }
}
