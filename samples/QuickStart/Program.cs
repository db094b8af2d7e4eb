// KubeCore quick start: an embedded control plane in this process — create, watch, update and delete objects
// with Kubernetes semantics (resourceVersion conflicts, generation, finalizers, selectors, patches).
using KubeCore;
using KubeCore.Api;
using KubeCore.Models;
using KubeCore.Watch;

await using var cluster = await KubeCluster.CreateBuilder().StartAsync();
var client = cluster.Client;

// Watch ConfigMaps and Deployments in "shop" while the rest of the program runs (System.Reactive or await foreach).
using var configMapWatch = client.ConfigMaps("shop").Watch().Subscribe(e => Print("watch", $"{e.Type,-8} configmap/{e.Object?.Metadata.Name} rv={e.Object?.Metadata.ResourceVersion}"));
using var stop = new CancellationTokenSource();
var deploymentWatch = Task.Run(async () =>
{
    try
    {
        await foreach (var e in client.Deployments("shop").WatchAsync(cancellationToken: stop.Token))
            Print("watch", $"{e.Type,-8} deployment/{e.Object?.Metadata.Name} generation={e.Object?.Metadata.Generation} replicas={e.Object?.Spec?.Replicas}");
    }
    catch (OperationCanceledException) { }
});

// 1. Apply a folder of manifests, as `kubectl apply -f manifests/` does.
var applied = await client.ApplyFileAsync(Path.Combine(AppContext.BaseDirectory, "manifests"));
Print("apply", string.Join(", ", applied.Select(o => $"{o.Kind?.ToLowerInvariant()}/{o.Metadata.Name}")));

// 2. Read it back with selectors.
var labelled = await client.ConfigMaps("shop").ListAsync(labelSelector: "app=web");
Print("list", $"configmaps with app=web: {string.Join(", ", labelled.Items.Select(c => c.Metadata.Name))} (list rv={labelled.Metadata.ResourceVersion})");

// 3. Optimistic concurrency: a stale write is rejected with 409 Conflict.
var config = await client.ConfigMaps("shop").GetAsync("web-config");
await client.ConfigMaps("shop").UpdateAsync(config with { Data = new Dictionary<string, string>(config.Data!) { ["greeting"] = "Hi!" } });
try
{
    await client.ConfigMaps("shop").UpdateAsync(config with { Data = new Dictionary<string, string> { ["greeting"] = "stale" } });
}
catch (ConflictException e)
{
    Print("conflict", $"{e.Code} {e.Reason}: {e.Status.Message}");
}

// 4. Spec changes bump generation; the scale subresource and a strategic merge patch (like `kubectl set image`).
var scale = await client.Deployments("shop").ScaleAsync("web", 3);
Print("scale", $"deployment/web replicas={scale.Spec!.Replicas} selector={scale.Status!.Selector}");
var patched = await client.Deployments("shop").PatchAsync("web", PatchType.StrategicMergePatch,
    """{"spec":{"template":{"spec":{"containers":[{"name":"hello","image":"hello-k8s:v2"}]}}}}""");
Print("patch", $"deployment/web image={patched.Spec!.Template!.Spec!.Containers![0].Image} generation={patched.Metadata.Generation}");

// 5. Validation errors carry the Kubernetes Status with field causes.
try
{
    await client.ConfigMaps("shop").CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "Bad_Name" } });
}
catch (InvalidException e)
{
    Print("invalid", $"{e.Code} {e.Status.Message}");
}

// 6. Finalizers hold a delete until they are removed.
await client.ConfigMaps("shop").CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "guarded", Finalizers = ["example.com/backup"] } });
var deleting = await client.ConfigMaps("shop").DeleteAsync("guarded");
Print("delete", $"configmap/guarded deletionTimestamp={deleting.Metadata.DeletionTimestamp} finalizers=[{string.Join(",", deleting.Metadata.Finalizers!)}]");
await client.ConfigMaps("shop").UpdateAsync(deleting with { Metadata = deleting.Metadata with { Finalizers = [] } });
Print("delete", $"configmap/guarded still there: {await client.ConfigMaps("shop").TryGetAsync("guarded") is not null}");

await client.ConfigMaps("shop").DeleteAsync("web-config");
await Task.Delay(200);
await stop.CancelAsync();
await deploymentWatch;
Print("done", "the cluster is disposed when this program ends");

static void Print(string step, string text) => Console.WriteLine($"[{step,-8}] {text}");
