using KubeCore.Api;
using KubeCore.Client;
using KubeCore.Models;

namespace KubeCore.Runtime.Simulated.Nodes;

/// <summary>Registers the Node, renews its Lease in <c>kube-node-lease</c> and re-posts node status, like the kubelet.</summary>
internal sealed class NodeHeartbeat(KubeClient client, SimulatedNodeOptions options, TimeProvider time, Func<IReadOnlyCollection<string>> images, Func<bool> paused)
{
    private readonly SemaphoreSlim _reporting = new(1, 1);
    private int _reportedImages;
    private Node? _node;
    private DateTimeOffset _lastStatus;

    public const string LeaseNamespace = "kube-node-lease";

    public async Task<Node> RegisterAsync(CancellationToken ct)
    {
        try { return _node = await client.Nodes().CreateAsync(NodeObjects.Build(options, time), null, ct).ConfigureAwait(false); }
        catch (AlreadyExistsException) { return _node = await PostStatusAsync(ct).ConfigureAwait(false); }
    }

    public async Task<Node> PostStatusAsync(CancellationToken ct)
    {
        while (true)
        {
            var node = await client.Nodes().GetAsync(options.Name, ct).ConfigureAwait(false);
            var pulled = images();
            var status = NodeObjects.Status(options, node.Status, time) with { Images = NodeObjects.Images(pulled) };
            try
            {
                var posted = await client.Nodes().UpdateStatusAsync(node with { Status = status }, null, ct).ConfigureAwait(false);
                _reportedImages = pulled.Count;
                return posted;
            }
            catch (ConflictException) { }
        }
    }

    /// <summary>Whether the stored Ready condition is no longer the True this kubelet reports.</summary>
    private async Task<bool> ReadyWasOverwrittenAsync(CancellationToken ct)
    {
        var stored = await client.Nodes().GetAsync(options.Name, ct).ConfigureAwait(false);
        return stored.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status != "True";
    }

    public async Task RenewLeaseAsync(Node node, CancellationToken ct)
    {
        var leases = client.Leases(LeaseNamespace);
        var now = MicroTime.Now(time);
        var existing = await leases.TryGetAsync(options.Name, ct).ConfigureAwait(false);
        var spec = new LeaseSpec { HolderIdentity = options.Name, LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds, RenewTime = now };
        if (existing is null)
        {
            var owner = new OwnerReference { ApiVersion = "v1", Kind = "Node", Name = node.Metadata.Name!, Uid = node.Metadata.Uid ?? "" };
            try
            {
                await leases.CreateAsync(new Lease { Metadata = new ObjectMeta { Name = options.Name, Namespace = LeaseNamespace, OwnerReferences = [owner] }, Spec = spec }, null, ct).ConfigureAwait(false);
                return;
            }
            catch (AlreadyExistsException) { existing = await leases.GetAsync(options.Name, ct).ConfigureAwait(false); }
        }
        await leases.UpdateAsync(existing with { Spec = (existing.Spec ?? new LeaseSpec()) with { HolderIdentity = spec.HolderIdentity, LeaseDurationSeconds = spec.LeaseDurationSeconds, RenewTime = now } }, null, ct).ConfigureAwait(false);
    }

    /// <summary>Renews the lease on every tick (created by the caller, so ticks count from registration) and re-posts status every report period until cancelled.</summary>
    public async Task RunAsync(Node node, PeriodicTimer ticks, DateTimeOffset statusPostedAt, CancellationToken ct)
    {
        using var _ = ticks;
        _node ??= node;
        _lastStatus = statusPostedAt; // by the clock, not by counting ticks: a timer coalesces ticks nobody awaited
        while (!ct.IsCancellationRequested)
        {
            try { if (!await ticks.WaitForNextTickAsync(ct).ConfigureAwait(false)) return; }
            catch (OperationCanceledException) { return; }
            if (paused()) continue; // heartbeats stopped or node partitioned: the lease goes stale
            await _reporting.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await RenewLeaseAsync(_node!, ct).ConfigureAwait(false);
                // Changes are posted at once, like the kubelet's 10 s status check: newly pulled images, or a Ready condition
                // someone else changed (the node lifecycle controller marks a node Unknown after a heartbeat gap); else every report period.
                if (time.GetUtcNow() - _lastStatus >= options.NodeStatusReportFrequency || images().Count != _reportedImages || await ReadyWasOverwrittenAsync(ct).ConfigureAwait(false))
                {
                    _lastStatus = time.GetUtcNow();
                    _node = await PostStatusAsync(ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) { return; }
            catch (KubeApiException) { } // like the kubelet: try again next period
            finally { _reporting.Release(); }
        }
    }

    /// <summary>Renews the lease and re-posts status at once (heartbeats resumed, partition healed).</summary>
    public async Task ReportNowAsync(CancellationToken ct)
    {
        if (_node is null) return;
        await _reporting.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await RenewLeaseAsync(_node!, ct).ConfigureAwait(false);
            _lastStatus = time.GetUtcNow();
            _node = await PostStatusAsync(ct).ConfigureAwait(false);
        }
        finally { _reporting.Release(); }
    }
}
