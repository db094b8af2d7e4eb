using System.Globalization;
using System.Threading.Channels;
using KubeCore.Api;
using KubeCore.Client;
using KubeCore.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeCore.Events;

/// <summary>
/// Writes core/v1 Events through the client, as client-go's recorder does: an event is named
/// <c>&lt;involved name&gt;.&lt;unique suffix&gt;</c> in the involved object's namespace (<c>default</c> for
/// cluster-scoped objects), and repeats of the same (object, type, reason, message) update that one Event's
/// <c>count</c> and <c>lastTimestamp</c>. Writes happen in the background: <see cref="Record"/> never blocks or throws.
/// </summary>
public sealed class EventRecorder : IEventRecorder, IAsyncDisposable
{
    private readonly KubeClient _client;
    private readonly TimeProvider _time;
    private readonly EventRecorderOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<AggregateKey, Aggregate> _seen = [];
    private readonly Task _writer;
    private long _lastSuffix;
    private int _queued;

    /// <summary>Creates a recorder and starts its background writer.</summary>
    public EventRecorder(KubeClient client, TimeProvider timeProvider, EventRecorderOptions? options = null, ILogger<EventRecorder>? logger = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _options = options ?? new EventRecorderOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _writer = Task.Run(WriteAllAsync);
    }

    /// <summary>The component reporting the events.</summary>
    public string Component => _options.Component;

    /// <inheritdoc />
    public void Record(KubeObject involved, string type, string reason, string message)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(involved);
            if (Interlocked.Increment(ref _queued) > _options.MaxQueuedEvents)
            {
                Interlocked.Decrement(ref _queued);
                _logger.LogWarning("Dropped event {Reason} about {Name}: too many events are waiting to be written", reason, involved.Metadata.Name);
                return;
            }
            var reference = new ObjectReference
            {
                Kind = involved.Kind, ApiVersion = involved.ApiVersion, Namespace = involved.Metadata.Namespace,
                Name = involved.Metadata.Name, Uid = involved.Metadata.Uid, ResourceVersion = involved.Metadata.ResourceVersion,
            };
            var pending = new PendingEvent(reference, type ?? EventTypes.Normal, reason ?? "", message ?? "", KubeTime.Now(_time));
            if (!_work.Writer.TryWrite(new Work(pending, null))) Interlocked.Decrement(ref _queued);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Could not record event {Reason}", reason);
        }
    }

    /// <summary>Completes once every event recorded before the call has been written (or failed and been logged).</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_work.Writer.TryWrite(new Work(null, flushed))) return Task.CompletedTask; // disposed: nothing more will be written
        return flushed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Writes the events already recorded, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _work.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteAllAsync()
    {
        await foreach (var work in _work.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (work.Flushed is not null)
            {
                work.Flushed.TrySetResult();
                continue;
            }
            Interlocked.Decrement(ref _queued);
            try { await WriteAsync(work.Event!).ConfigureAwait(false); }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Could not write event {Reason} about {Namespace}/{Name}", work.Event!.Reason,
                    work.Event.InvolvedObject.Namespace, work.Event.InvolvedObject.Name);
            }
        }
    }

    private async Task WriteAsync(PendingEvent e)
    {
        var ns = string.IsNullOrEmpty(e.InvolvedObject.Namespace) ? "default" : e.InvolvedObject.Namespace;
        var events = _client.Events(ns);
        var key = new AggregateKey(e.InvolvedObject.Kind, ns, e.InvolvedObject.Name, e.InvolvedObject.Uid, e.Type, e.Reason, e.Message);
        if (_seen.TryGetValue(key, out var aggregate))
        {
            var count = aggregate.Count + 1;
            var patch = "{\"count\":" + count.ToString(CultureInfo.InvariantCulture) + ",\"lastTimestamp\":\"" + e.Timestamp + "\"}";
            try
            {
                await events.PatchAsync(aggregate.Name, PatchType.MergePatch, patch).ConfigureAwait(false);
                _seen[key] = aggregate with { Count = count };
                return;
            }
            catch (NotFoundException) { } // deleted (e.g. expired): start a new one
        }

        var template = new Event
        {
            Metadata = new ObjectMeta { Namespace = ns },
            InvolvedObject = e.InvolvedObject,
            Type = e.Type,
            Reason = e.Reason,
            Message = e.Message,
            Source = new EventSource { Component = _options.Component, Host = _options.Host },
            FirstTimestamp = e.Timestamp,
            LastTimestamp = e.Timestamp,
            Count = 1,
            ReportingComponent = _options.Component,
            ReportingInstance = _options.Host ?? _options.Component,
        };
        Event created;
        for (var attempt = 1; ; attempt++)
        {
            // On a virtual clock two recorders (say the kubelet's and a controller's) can pick the same time suffix for
            // the same object: take the next one rather than lose the event.
            try
            {
                created = await events.CreateAsync(template with { Metadata = template.Metadata with { Name = (e.InvolvedObject.Name ?? "unknown") + "." + NextSuffix() } })
                    .ConfigureAwait(false);
                break;
            }
            catch (AlreadyExistsException) when (attempt < 5) { }
        }
        if (_seen.Count >= _options.AggregationCacheSize) _seen.Clear();
        _seen[key] = new Aggregate(created.Metadata.Name!, 1);
    }

    private string NextSuffix()
    {
        // Like client-go: the clock in hex nanoseconds, kept strictly increasing so virtual time never repeats a name.
        var nanos = (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
        _lastSuffix = Math.Max(nanos, _lastSuffix + 1);
        return _lastSuffix.ToString("x", CultureInfo.InvariantCulture);
    }

    private sealed record PendingEvent(ObjectReference InvolvedObject, string Type, string Reason, string Message, KubeTime Timestamp);

    private readonly record struct Work(PendingEvent? Event, TaskCompletionSource? Flushed);

    private readonly record struct AggregateKey(string? Kind, string Namespace, string? Name, string? Uid, string Type, string Reason, string Message);

    private sealed record Aggregate(string Name, int Count);
}
