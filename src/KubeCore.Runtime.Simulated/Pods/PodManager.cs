using System.Collections.Concurrent;
using KubeCore.Api;
using KubeCore.Client;
using KubeCore.Events;
using KubeCore.Models;
using KubeCore.Runtime.Simulated.Nodes;
using KubeCore.Watch;

namespace KubeCore.Runtime.Simulated.Pods;

/// <summary>Watches the pods bound to one node and runs a <see cref="PodWorker"/> for each.</summary>
internal sealed class PodManager(KubeClient client, SimulatedNodeOptions options, SimulatedRuntime runtime, IEventRecorder recorder, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, PodWorker> _workers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _images = new(StringComparer.Ordinal);

    public KubeClient Client => client;
    public SimulatedNodeOptions Options => options;
    public SimulatedRuntime Runtime => runtime;
    public IEventRecorder Recorder => recorder;
    public TimeProvider Time => time;
    public PodIpPool IpPool { get; } = new(options.Index);
    public string HostIp { get; } = NodeObjects.InternalIP(options.Index);
    public IReadOnlyCollection<string> Images => (IReadOnlyCollection<string>)_images.Keys;

    public bool HasImage(string image) => _images.ContainsKey(image);
    public void AddImage(string image) => _images[image] = true;

    /// <summary>Watches <c>spec.nodeName=&lt;node&gt;</c> until cancelled, re-watching if the watch ends.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var selector = new ListOptions { FieldSelector = "spec.nodeName=" + options.Name, ResourceVersion = "0" };
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await foreach (var e in client.Pods(null).WatchAsync(selector, ct).ConfigureAwait(false))
                    Handle(e);
            }
            catch (OperationCanceledException) { return; }
            catch (KubeApiException) { }
        }
    }

    private void Handle(WatchEvent<Pod> e)
    {
        if (e.Object is not { } pod || pod.Metadata.Uid is not { } uid) return;
        if (e.Type == WatchEventType.Deleted)
        {
            if (_workers.TryRemove(uid, out var gone)) Forget(gone, pod);
            return;
        }
        if (e.Type is not (WatchEventType.Added or WatchEventType.Modified)) return;
        if (_workers.TryGetValue(uid, out var worker)) { worker.Update(pod); return; }
        if (pod.Status?.Phase is "Succeeded" or "Failed")
        {
            if (pod.Metadata.DeletionTimestamp is not null) _ = DeleteNowAsync(pod);
            return;
        }
        worker = new PodWorker(this, pod);
        if (_workers.TryAdd(uid, worker)) worker.Start();
    }

    private void Forget(PodWorker worker, Pod pod)
    {
        worker.Abandon();
        _ = worker.Completion.ContinueWith(_ =>
        {
            IpPool.Release(worker.PodIp);
            runtime.RemoveLogs(pod.Metadata.Namespace ?? "default", pod.Metadata.Name ?? "");
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private async Task DeleteNowAsync(Pod pod)
    {
        try { await client.Pods(pod.Metadata.Namespace).DeleteAsync(pod.Metadata.Name!, new DeleteOptions { GracePeriodSeconds = 0, Preconditions = new Preconditions { Uid = pod.Metadata.Uid } }).ConfigureAwait(false); }
        catch (KubeApiException) { }
    }

    /// <summary>Stops every pod worker without further writes (the node is gone).</summary>
    public async Task AbandonAllAsync()
    {
        foreach (var w in _workers.Values) w.Abandon();
        try { await Task.WhenAll(_workers.Values.Select(w => w.Completion)).ConfigureAwait(false); }
        catch (Exception) { }
        _workers.Clear();
    }
}
