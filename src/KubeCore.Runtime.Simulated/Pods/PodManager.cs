using System.Collections.Concurrent;
using KubeCore.Api;
using KubeCore.Client;
using KubeCore.Events;
using KubeCore.Models;
using KubeCore.Runtime.Simulated.Nodes;
using KubeCore.Watch;

namespace KubeCore.Runtime.Simulated.Pods;

/// <summary>Watches the pods bound to one node and runs a <see cref="PodWorker"/> for each.</summary>
internal sealed class PodManager(KubeClient client, SimulatedNodeOptions options, SimulatedRuntime runtime, IEventRecorder recorder, TimeProvider time,
    Networking.PodNetwork? network = null)
{
    private readonly ConcurrentDictionary<string, PodWorker> _workers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _images = new(StringComparer.Ordinal);
    private readonly object _watchGate = new();
    private List<WatchEvent<Pod>>? _healing;
    private volatile bool _partitioned;

    public KubeClient Client => client;
    public SimulatedNodeOptions Options => options;
    public SimulatedRuntime Runtime => runtime;
    public IEventRecorder Recorder => recorder;
    public TimeProvider Time => time;
    /// <summary>The cluster's pod network the node's containers listen in (null: ports are not served).</summary>
    public Networking.PodNetwork? Network => network;
    public PodIpPool IpPool { get; } = new(options.Index);
    public string HostIp { get; } = NodeObjects.InternalIP(options.Index);
    public IReadOnlyCollection<string> Images => (IReadOnlyCollection<string>)_images.Keys;

    /// <summary>Whether the node cannot reach the API server: no pod updates are seen, no status or events written.</summary>
    public bool Partitioned => _partitioned;

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
                    lock (_watchGate)
                    {
                        // A partitioned node sees nothing; while healing, events wait until the re-list is applied.
                        if (_healing is not null) _healing.Add(e);
                        else if (!_partitioned) Handle(e);
                    }
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

    /// <summary>Cuts the node off the API server: pods keep running, but nothing is seen or written until <see cref="HealAsync"/>.</summary>
    public void Partition() => _partitioned = true;

    /// <summary>
    /// Reconnects like a kubelet after a partition: lists its pods, kills those deleted meanwhile, takes changes (deletions start
    /// termination), then writes every pod's status that changed while cut off.
    /// </summary>
    public async Task HealAsync(CancellationToken ct)
    {
        lock (_watchGate)
        {
            if (!_partitioned || _healing is not null) return;
            _healing = [];
        }
        List<WatchEvent<Pod>> buffered;
        try
        {
            var pods = await client.Pods(null).ListAsync(new ListOptions { FieldSelector = "spec.nodeName=" + options.Name }, ct).ConfigureAwait(false);
            lock (_watchGate)
            {
                var current = pods.Items.Where(p => p.Metadata.Uid is not null).ToDictionary(p => p.Metadata.Uid!, StringComparer.Ordinal);
                foreach (var (uid, worker) in _workers)
                    if (!current.ContainsKey(uid) && _workers.TryRemove(uid, out _)) Forget(worker, worker.Pod);
                _partitioned = false;
                foreach (var pod in current.Values) Handle(new WatchEvent<Pod>(WatchEventType.Modified, pod));
                buffered = _healing;
                _healing = null;
                foreach (var e in buffered) Handle(e);
            }
        }
        catch
        {
            lock (_watchGate) _healing = null;
            throw;
        }
        await Task.WhenAll(_workers.Values.Select(w => w.ResyncAsync())).ConfigureAwait(false);
    }

    /// <summary>The worker running a pod on this node, or null.</summary>
    public PodWorker? FindWorker(string ns, string pod) =>
        _workers.Values.FirstOrDefault(w => (w.Pod.Metadata.Namespace ?? "default") == ns && w.Pod.Metadata.Name == pod);

    /// <summary>Kills a running container of a pod on this node; false if the pod is not here.</summary>
    public bool TryKillContainer(string ns, string pod, string container, int exitCode)
    {
        var worker = _workers.Values.FirstOrDefault(w => (w.Pod.Metadata.Namespace ?? "default") == ns && w.Pod.Metadata.Name == pod);
        if (worker is null) return false;
        worker.KillContainer(container, exitCode);
        return true;
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
