using KubeCore.Models;
using KubeCore.Watch;

namespace KubeCore.Api;

/// <summary>
/// A watch served by <see cref="KubeApi"/>: opens the cache watch on the first <c>MoveNextAsync</c>, then forwards its
/// events without another async-iterator layer, converting them to <typeparamref name="T"/> only when needed, and ends
/// cleanly when <c>timeoutSeconds</c> elapse on the cluster clock.
/// </summary>
internal sealed class ApiWatch<T>(Func<CancellationToken, ValueTask<ApiWatch<T>.Opened>> open, CancellationToken callerToken)
    : IAsyncEnumerable<WatchEvent<T>> where T : KubeObject
{
    /// <summary>An opened cache watch and the timer that ends it.</summary>
    internal readonly record struct Opened(CacheWatch Watch, CancellationTokenSource? Timeout);

    public IAsyncEnumerator<WatchEvent<T>> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new Enumerator(open, callerToken, cancellationToken);

    internal sealed class Enumerator : IAsyncEnumerator<WatchEvent<T>>
    {
        private readonly Func<CancellationToken, ValueTask<Opened>> _open;
        private readonly CancellationTokenSource? _callerLink;
        private readonly CancellationToken _token;
        private CacheWatch? _watch;
        private CancellationTokenSource? _timeout;
        private CancellationTokenSource? _timeoutLink;
        private IAsyncEnumerator<WatchEvent<KubeObject>>? _inner;
        private Task<bool>? _pendingMove;

        public Enumerator(Func<CancellationToken, ValueTask<Opened>> open, CancellationToken a, CancellationToken b)
        {
            _open = open;
            if (a.CanBeCanceled && b.CanBeCanceled && a != b)
            {
                _callerLink = CancellationTokenSource.CreateLinkedTokenSource(a, b);
                _token = _callerLink.Token;
            }
            else _token = a.CanBeCanceled ? a : b;
        }

        public WatchEvent<T> Current { get; private set; } = null!;

        public ValueTask<bool> MoveNextAsync()
        {
            if (_inner is null) return OpenThenMoveAsync();
            ValueTask<bool> next;
            try { next = _inner.MoveNextAsync(); }
            catch (OperationCanceledException) when (TimedOut) { return new ValueTask<bool>(false); }
            if (next.IsCompletedSuccessfully) return new ValueTask<bool>(Take(next.Result));
            _pendingMove = next.AsTask();
            return AwaitAsync(_pendingMove);
        }

        public async ValueTask DisposeAsync()
        {
            // Stop the watch first so a move still pending (e.g. abandoned after a timeout) completes, then dispose
            // the reader: an async iterator cannot be disposed while one of its moves is in flight.
            _watch?.Dispose();
            if (_pendingMove is { IsCompleted: false } pending)
            {
                try { await pending.ConfigureAwait(false); }
#pragma warning disable CA1031 // The caller is leaving; how the abandoned move ended does not matter.
                catch (Exception) { }
#pragma warning restore CA1031
            }
            if (_inner is not null) await _inner.DisposeAsync().ConfigureAwait(false);
            _timeoutLink?.Dispose();
            _timeout?.Dispose();
            _callerLink?.Dispose();
        }

        /// <summary>Opens the cache watch (validating the request) without waiting for an event.</summary>
        public ValueTask OpenAsync() => _inner is null ? OpenOnlyAsync() : ValueTask.CompletedTask;

        private async ValueTask<bool> OpenThenMoveAsync()
        {
            await OpenOnlyAsync().ConfigureAwait(false);
            return await MoveNextAsync().ConfigureAwait(false);
        }

        private async ValueTask OpenOnlyAsync()
        {
            var opened = await _open(_token).ConfigureAwait(false);
            _watch = opened.Watch;
            _timeout = opened.Timeout;
            var token = _token;
            if (_timeout is not null)
            {
                _timeoutLink = CancellationTokenSource.CreateLinkedTokenSource(_token, _timeout.Token);
                token = _timeoutLink.Token;
            }
            _inner = _watch.GetAsyncEnumerator(token);
        }

        private async ValueTask<bool> AwaitAsync(Task<bool> next)
        {
            try { return Take(await next.ConfigureAwait(false)); }
            catch (OperationCanceledException) when (TimedOut) { return false; }
        }

        // timeoutSeconds elapsed (not the caller's cancellation): the watch ends normally, as the API server closes it.
        private bool TimedOut => _timeout?.IsCancellationRequested == true && !_token.IsCancellationRequested;

        private bool Take(bool more)
        {
            if (more) Current = _inner!.Current is WatchEvent<T> same ? same : TypedWatchExtensions.Cast<T>(_inner.Current);
            return more;
        }
    }
}

/// <summary>Helpers for the watches <see cref="KubeApi.WatchAsync(ResourceDefinition, string?, ListOptions?, CancellationToken)"/> returns.</summary>
public static class ApiWatchExtensions
{
    /// <summary>
    /// Opens a watch from <see cref="KubeApi"/> without waiting for its first event, so request errors (a bad selector,
    /// 410 Expired) surface here and an HTTP server can send its headers at once, as kube-apiserver does. Other
    /// enumerators open on their first <c>MoveNextAsync</c>; for them this does nothing.
    /// </summary>
    public static ValueTask OpenAsync<T>(this IAsyncEnumerator<WatchEvent<T>> events) where T : KubeObject =>
        events is ApiWatch<T>.Enumerator watch ? watch.OpenAsync() : ValueTask.CompletedTask;
}
