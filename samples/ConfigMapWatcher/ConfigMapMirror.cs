using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ConfigMapWatcher;

/// <summary>
/// Mirrors every ConfigMap labelled <c>mirror.example.com/enabled=true</c> into a Secret of the same name (kept in
/// step on every change, deleted with the ConfigMap). A small operator: one watch, idempotent reconciles, retries.
/// </summary>
/// <param name="client">The Kubernetes API.</param>
/// <param name="namespace">The namespace to watch.</param>
/// <param name="time">The clock retries wait on (a test passes the cluster's virtual clock).</param>
public sealed class ConfigMapMirror(IKubernetes client, string @namespace, TimeProvider time)
{
    /// <summary>The label that opts a ConfigMap in.</summary>
    public const string Label = "mirror.example.com/enabled";

    /// <summary>The annotation on a mirror naming its ConfigMap.</summary>
    public const string SourceAnnotation = "mirror.example.com/source";

    /// <summary>Watches until cancelled; a watch that ends or fails transiently is opened again (the first events replay the current state).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                var events = client.CoreV1.WatchListNamespacedConfigMapAsync(@namespace, labelSelector: $"{Label}=true", cancellationToken: cancellationToken);
                await foreach (var (type, configMap) in events)
                {
                    attempt = 1;
                    if (type is WatchEventType.Added or WatchEventType.Modified)
                        await Retry.TransientAsync(() => MirrorAsync(configMap.Metadata.Name, cancellationToken), time, cancellationToken);
                    else if (type is WatchEventType.Deleted)
                        await Retry.TransientAsync(() => DeleteMirrorAsync(configMap.Metadata.Name, cancellationToken), time, cancellationToken);
                }
            }
            catch (HttpOperationException e) when (Retry.IsTransient(e))
            {
                await Task.Delay(Retry.DelayFor(e, attempt), time, cancellationToken);
            }
        }
    }

    /// <summary>Makes the Secret match the ConfigMap's current data (reading both again, so a retry after a conflict starts fresh).</summary>
    public async Task MirrorAsync(string name, CancellationToken cancellationToken = default)
    {
        var configMap = await TryReadAsync(() => client.CoreV1.ReadNamespacedConfigMapAsync(name, @namespace, cancellationToken: cancellationToken));
        if (configMap?.Metadata.Labels is not { } labels || !labels.TryGetValue(Label, out var enabled) || enabled != "true") return;
        var data = (configMap.Data ?? new Dictionary<string, string>()).ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetBytes(kv.Value));

        var secret = await TryReadAsync(() => client.CoreV1.ReadNamespacedSecretAsync(name, @namespace, cancellationToken: cancellationToken));
        if (secret is null)
        {
            await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = name, Annotations = new Dictionary<string, string> { [SourceAnnotation] = $"configmap/{name}" } },
                Data = data,
            }, @namespace, cancellationToken: cancellationToken);
            return;
        }
        if (SameData(secret.Data, data)) return;
        secret.Data = data;
        // Carries the resourceVersion just read: if someone changed the Secret since, this is a 409 and the retry reads again.
        await client.CoreV1.ReplaceNamespacedSecretAsync(secret, name, @namespace, cancellationToken: cancellationToken);
    }

    private async Task DeleteMirrorAsync(string name, CancellationToken cancellationToken)
    {
        try { await client.CoreV1.DeleteNamespacedSecretAsync(name, @namespace, cancellationToken: cancellationToken); }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound) { }
    }

    private static async Task<T?> TryReadAsync<T>(Func<Task<T>> read) where T : class
    {
        try { return await read(); }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    private static bool SameData(IDictionary<string, byte[]>? a, Dictionary<string, byte[]> b) =>
        (a?.Count ?? 0) == b.Count && b.All(kv => a!.TryGetValue(kv.Key, out var v) && v.AsSpan().SequenceEqual(kv.Value));
}
