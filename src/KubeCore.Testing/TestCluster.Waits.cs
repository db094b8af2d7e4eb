using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using KubeCore.Api;
using KubeCore.Models;
using KubeCore.Serialization;
using KubeCore.Watch;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Testing;

public sealed partial class TestCluster
{
    /// <summary>Real time the cluster must go without a write before a waiting helper moves the virtual clock.</summary>
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(20);

    /// <summary>Quiet checks before the clock moves anyway, so a cluster that never stops writing still reaches the timeout.</summary>
    private const int MaxSettleRounds = 50;

    private static readonly Task Never = new TaskCompletionSource().Task;

    /// <summary>
    /// Waits until the object <paramref name="name"/> exists and satisfies <paramref name="condition"/>, driven by a
    /// watch (no polling), and returns it. <typeparamref name="T"/> is a model of the official client
    /// (<c>V1Deployment</c>, <c>V1ConfigMap</c>, …) or of KubeCore (<c>KubeCore.Models.Deployment</c>). The timeout is
    /// measured on the cluster clock; on the default virtual clock the wait advances time itself while the cluster is
    /// quiet (see <see cref="TestClusterOptions.WaitAdvancesTime"/>). A condition that throws counts as not yet true.
    /// </summary>
    /// <example><code>var web = await cluster.WaitForAsync&lt;V1Deployment&gt;("web", "default", d => d.Status?.AvailableReplicas == 2);</code></example>
    /// <param name="name">The object's name.</param>
    /// <param name="namespace">Its namespace (null for cluster-scoped kinds).</param>
    /// <param name="condition">What must hold.</param>
    /// <param name="timeout">Cluster-clock time to wait (default <see cref="TestClusterOptions.WaitTimeout"/>).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <param name="conditionText">The condition's source text, for the timeout message (filled in by the compiler).</param>
    /// <exception cref="WaitTimeoutException">The condition did not hold within the timeout; the message names the object and its last observed state.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a Kubernetes model this cluster serves.</exception>
    public Task<T> WaitForAsync<T>(string name, string? @namespace, Func<T, bool> condition, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default, [CallerArgumentExpression(nameof(condition))] string? conditionText = null) where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(condition);
        var resource = ResourceFor(typeof(T));
        return WaitCoreAsync(resource, name, @namespace, conditionText ?? "the condition",
            obj => obj is not null && ConvertTo<T>(obj) is var typed && condition(typed) ? typed : null, timeout, cancellationToken);
    }

    /// <summary>
    /// Waits until the object has the status condition <paramref name="type"/> with <paramref name="status"/>, as
    /// <c>kubectl wait --for=condition=Available</c> does, and returns it.
    /// </summary>
    /// <example><code>await cluster.WaitForConditionAsync&lt;V1Deployment&gt;("web", "default", "Available");</code></example>
    /// <exception cref="WaitTimeoutException">The condition did not hold within the timeout.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a Kubernetes model this cluster serves.</exception>
    public Task<T> WaitForConditionAsync<T>(string name, string? @namespace, string type, string status = "True", TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(type);
        var resource = ResourceFor(typeof(T));
        return WaitCoreAsync(resource, name, @namespace, $"condition {type}={status}",
            obj => obj is not null && HasCondition(obj, type, status) ? ConvertTo<T>(obj) : null, timeout, cancellationToken);
    }

    /// <summary>Waits until the object is gone (never created, or deleted and its finalizers done).</summary>
    /// <exception cref="WaitTimeoutException">It still exists after the timeout.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a Kubernetes model this cluster serves.</exception>
    public Task WaitForDeletionAsync<T>(string name, string? @namespace, TimeSpan? timeout = null, CancellationToken cancellationToken = default) where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var resource = ResourceFor(typeof(T));
        return WaitCoreAsync(resource, name, @namespace, "deletion", obj => obj is null ? Gone.Instance : null, timeout, cancellationToken);
    }

    /// <summary>
    /// Lets <paramref name="duration"/> of virtual time pass in steps of <see cref="TestClusterOptions.WaitStep"/>,
    /// letting the cluster react after each (unlike <see cref="Advance"/>, which jumps at once), then lets it settle.
    /// </summary>
    /// <exception cref="InvalidOperationException">The cluster does not run on a virtual clock.</exception>
    public async Task AdvanceAsync(TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var clock = VirtualTime ?? throw new InvalidOperationException("this cluster runs on a real clock; pass no TimeProvider to get a virtual one");
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var until = clock.GetUtcNow() + duration;
        while (true)
        {
            await SettleAsync(Never, cancellationToken).ConfigureAwait(false);
            var left = until - clock.GetUtcNow();
            if (left <= TimeSpan.Zero) return;
            clock.Advance(left < _options.WaitStep ? left : _options.WaitStep);
        }
    }

    private async Task<T> WaitCoreAsync<T>(ResourceDefinition resource, string name, string? @namespace, string what,
        Func<KubeObject?, T?> probe, TimeSpan? timeout, CancellationToken cancellationToken) where T : class
    {
        var limit = timeout ?? _options.WaitTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, TimeSpan.Zero, nameof(timeout));
        var ns = resource.Namespaced ? @namespace ?? "default" : null;
        var state = new WaitState<T>(probe);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watching = FollowAsync(resource, ns, name, state, stop.Token);
        try
        {
            if (VirtualTime is { } clock && _options.WaitAdvancesTime)
                await AdvanceUntilAsync(state.Done.Task, clock, limit, cancellationToken).ConfigureAwait(false);
            else
                await state.Done.Task.WaitAsync(limit, Cluster.TimeProvider, cancellationToken).ConfigureAwait(false);
            return await state.Done.Task.ConfigureAwait(false);
        }
        catch (TimeoutException) when (!state.Done.Task.IsCompleted)
        {
            throw new WaitTimeoutException(resource.GroupResource.ToString(), ns, name, what, limit, state.Exists ? state.Last : null, state.ConditionError);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try { await watching.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
    }

    /// <summary>Feeds every observed state of the object to the wait until it is done: a list, then a watch from its revision (again after a 410).</summary>
    private async Task FollowAsync<T>(ResourceDefinition resource, string? ns, string name, WaitState<T> state, CancellationToken cancellationToken) where T : class
    {
        await Task.Yield();
        try
        {
            var selector = $"metadata.name={name}";
            while (!cancellationToken.IsCancellationRequested && !state.Done.Task.IsCompleted)
            {
                var list = await Cluster.Api.ListAsync(resource, ns, new ListOptions { FieldSelector = selector }, cancellationToken).ConfigureAwait(false);
                state.Observe(list.Items.FirstOrDefault());
                if (state.Done.Task.IsCompleted) return;
                var options = new ListOptions { FieldSelector = selector, ResourceVersion = list.ResourceVersion };
                await foreach (var e in Cluster.Api.WatchAsync(resource, ns, options, cancellationToken).ConfigureAwait(false))
                {
                    if (e.Type == WatchEventType.Error) break; // too old: list again
                    if (e.Type == WatchEventType.Bookmark) continue;
                    state.Observe(e.Type == WatchEventType.Deleted ? null : e.Object);
                    if (state.Done.Task.IsCompleted) return;
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            state.Done.TrySetException(e);
        }
    }

    /// <summary>Advances the virtual clock in steps, each after the cluster has gone quiet, until done or the timeout.</summary>
    private async Task AdvanceUntilAsync(Task done, FakeTimeProvider clock, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + timeout;
        while (true)
        {
            await SettleAsync(done, cancellationToken).ConfigureAwait(false);
            if (done.IsCompleted) return;
            var left = deadline - clock.GetUtcNow();
            if (left <= TimeSpan.Zero) throw new TimeoutException();
            clock.Advance(left < _options.WaitStep ? left : _options.WaitStep);
        }
    }

    /// <summary>
    /// Returns once <paramref name="done"/> completes or the store's revision has stayed the same for
    /// <see cref="QuietPeriod"/> of real time (controllers, the scheduler and kubelets have reacted to the last change).
    /// This is the one place that deliberately waits on real time: how long the thread pool needs is not virtual.
    /// </summary>
    private async Task SettleAsync(Task done, CancellationToken cancellationToken)
    {
        var storage = Cluster.Api.Storage;
        var last = await storage.GetCurrentRevisionAsync(cancellationToken).ConfigureAwait(false);
        for (var round = 0; round < MaxSettleRounds && !done.IsCompleted; round++)
        {
            await Task.WhenAny(done, Task.Delay(QuietPeriod, TimeProvider.System, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var current = await storage.GetCurrentRevisionAsync(cancellationToken).ConfigureAwait(false);
            if (current == last) return;
            last = current;
        }
    }

    /// <summary>The resource served for a KubeCore model or an official-client model (by its <c>[KubernetesEntity]</c>).</summary>
    private ResourceDefinition ResourceFor(Type type)
    {
        if (typeof(KubeObject).IsAssignableFrom(type))
            return Cluster.Resources.TryGetByType(type, out var byType) ? byType
                : throw new ArgumentException($"no resource is registered for {type.Name}", nameof(type));
        if (type.GetCustomAttribute<k8s.Models.KubernetesEntityAttribute>() is { } entity)
            return Cluster.Resources.TryGetByResource(entity.Group ?? "", entity.PluralName, out var byResource) ? byResource
                : throw new ArgumentException($"the cluster does not serve {entity.PluralName}{(string.IsNullOrEmpty(entity.Group) ? "" : "." + entity.Group)} ({type.Name})", nameof(type));
        throw new ArgumentException($"{type.Name} is neither a KubeCore model nor a KubernetesClient model (no [KubernetesEntity])", nameof(type));
    }

    private static T ConvertTo<T>(KubeObject obj) where T : class =>
        obj as T ?? (typeof(KubeObject).IsAssignableFrom(typeof(T))
            ? (T)(object)KubeJson.FromJsonNode(KubeJson.ToJsonNode(obj), typeof(T))
            : k8s.KubernetesJson.Deserialize<T>(KubeJson.Serialize(obj)));

    private static bool HasCondition(KubeObject obj, string type, string status) =>
        KubeJson.ToJsonNode(obj)["status"]?["conditions"] is JsonArray conditions
        && conditions.Any(c => c?["type"]?.GetValue<string>() == type && c?["status"]?.GetValue<string>() == status);

    /// <summary>The result of a wait for deletion.</summary>
    private sealed class Gone
    {
        public static readonly Gone Instance = new();
    }

    /// <summary>The last observed state of the object and the outcome of the wait.</summary>
    private sealed class WaitState<T>(Func<KubeObject?, T?> probe) where T : class
    {
        public TaskCompletionSource<T> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public KubeObject? Last { get; private set; }

        public bool Exists { get; private set; }

        public Exception? ConditionError { get; private set; }

        public void Observe(KubeObject? obj)
        {
            Last = obj ?? Last;
            Exists = obj is not null;
            try
            {
                if (probe(obj) is { } result) Done.TrySetResult(result);
                ConditionError = null;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                ConditionError = e; // a condition that throws (a missing key, a null status) is not true yet
            }
        }
    }
}
