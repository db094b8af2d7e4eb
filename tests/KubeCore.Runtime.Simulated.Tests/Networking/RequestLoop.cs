using System.Collections.Concurrent;
using KubeCore.Runtime.Simulated.Networking;

namespace KubeCore.Runtime.Simulated.Tests.Networking;

/// <summary>A client sending one request after another (real time, no pauses) and keeping every answer and failure.</summary>
internal sealed class RequestLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _answers = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly SemaphoreSlim _progress = new(0);
    private Task _run = Task.CompletedTask;

    public IReadOnlyCollection<string> Answers => _answers;

    public static RequestLoop Start(ClusterNetwork network, string url) => Start(network.CreateHttpClient(), url);

    public static RequestLoop Start(HttpClient http, string url)
    {
        var loop = new RequestLoop();
        loop._run = Task.Run(async () =>
        {
            using (http)
                while (!loop._stop.IsCancellationRequested)
                {
                    try
                    {
                        using var response = await http.GetAsync(url, loop._stop.Token);
                        var body = await response.Content.ReadAsStringAsync(loop._stop.Token);
                        if (response.IsSuccessStatusCode) loop._answers.Enqueue(body);
                        else loop._failures.Enqueue($"{(int)response.StatusCode}: {body}");
                    }
                    catch (OperationCanceledException) when (loop._stop.IsCancellationRequested) { return; }
                    catch (Exception e) { loop._failures.Enqueue(e.ToString()); }
                    loop._progress.Release();
                }
        });
        return loop;
    }

    /// <summary>Waits (real time, bounded) until at least <paramref name="count"/> answers arrived; fails on the first failure.</summary>
    public async Task WaitForAnswersAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (_answers.Count < count)
        {
            if (!_failures.IsEmpty) Assert.Fail("a request failed: " + _failures.First());
            if (_run.IsCompleted) await _run;
            try { await _progress.WaitAsync(timeout.Token); }
            catch (OperationCanceledException) { Assert.Fail($"only {_answers.Count} of {count} answers arrived"); }
        }
    }

    public async Task<(IReadOnlyList<string> Answers, IReadOnlyList<string> Failures)> StopAsync()
    {
        await _stop.CancelAsync();
        await _run;
        return ([.. _answers], [.. _failures]);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _run; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
