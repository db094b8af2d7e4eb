using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Api;

/// <summary>Options of a create (<c>metav1.CreateOptions</c>).</summary>
public sealed record CreateOptions
{
    /// <summary>When true, run every step (defaulting, admission, validation) but store nothing (<c>dryRun=All</c>).</summary>
    public bool DryRun { get; init; }
    /// <summary>The name of the actor making the change (<c>fieldManager</c>).</summary>
    public string? FieldManager { get; init; }
    /// <summary><c>Ignore</c>, <c>Warn</c> or <c>Strict</c>: what to do with unknown or duplicate fields.</summary>
    public string? FieldValidation { get; init; }
}

/// <summary>Options of an update (<c>metav1.UpdateOptions</c>).</summary>
public sealed record UpdateOptions
{
    /// <summary>When true, nothing is stored (<c>dryRun=All</c>).</summary>
    public bool DryRun { get; init; }
    /// <summary>The name of the actor making the change.</summary>
    public string? FieldManager { get; init; }
    /// <summary><c>Ignore</c>, <c>Warn</c> or <c>Strict</c>.</summary>
    public string? FieldValidation { get; init; }
}

/// <summary>Options of a patch (<c>metav1.PatchOptions</c>).</summary>
public sealed record PatchOptions
{
    /// <summary>When true, nothing is stored (<c>dryRun=All</c>).</summary>
    public bool DryRun { get; init; }
    /// <summary>The name of the actor making the change.</summary>
    public string? FieldManager { get; init; }
    /// <summary><c>Ignore</c>, <c>Warn</c> or <c>Strict</c>.</summary>
    public string? FieldValidation { get; init; }
    /// <summary>Server-side apply: take ownership of conflicting fields.</summary>
    public bool Force { get; init; }
}

/// <summary>Options of a get (<c>metav1.GetOptions</c>).</summary>
public sealed record GetOptions
{
    /// <summary>Empty: the latest state; <c>0</c>: any cached state.</summary>
    public string? ResourceVersion { get; init; }
}

/// <summary>Options of a list or watch (<c>metav1.ListOptions</c>).</summary>
public sealed record ListOptions
{
    /// <summary>A label selector, e.g. <c>app=web,tier in (fe,be)</c>.</summary>
    public string? LabelSelector { get; init; }
    /// <summary>A field selector, e.g. <c>spec.nodeName=node-1</c>.</summary>
    public string? FieldSelector { get; init; }
    /// <summary>Where to read from (list) or start after (watch); empty = latest, <c>0</c> = any.</summary>
    public string? ResourceVersion { get; init; }
    /// <summary><c>NotOlderThan</c> or <c>Exact</c> for lists with a resourceVersion.</summary>
    public string? ResourceVersionMatch { get; init; }
    /// <summary>Maximum number of items in one page (0 = all).</summary>
    public long Limit { get; init; }
    /// <summary>Continuation token from a previous page.</summary>
    public string? Continue { get; init; }
    /// <summary>For watches: end the watch after this many seconds.</summary>
    public long? TimeoutSeconds { get; init; }
    /// <summary>For watches: send periodic BOOKMARK events.</summary>
    public bool AllowWatchBookmarks { get; init; }
    /// <summary>For watches: stream the current state first, then an initial-events-end bookmark.</summary>
    public bool? SendInitialEvents { get; init; }
}

/// <summary>The propagation policy of a delete: what happens to the object's dependents.</summary>
public static class PropagationPolicy
{
    /// <summary>Delete dependents before the owner (the owner waits, with the <c>foregroundDeletion</c> finalizer).</summary>
    public const string Foreground = "Foreground";
    /// <summary>Delete the owner now; the garbage collector deletes dependents afterwards.</summary>
    public const string Background = "Background";
    /// <summary>Keep dependents, removing their owner references (the <c>orphan</c> finalizer).</summary>
    public const string Orphan = "Orphan";
}

/// <summary>Options of a delete (<c>metav1.DeleteOptions</c>), also accepted as the body of a DELETE request.</summary>
public sealed record DeleteOptions
{
    /// <summary>Always <c>v1</c> on the wire.</summary>
    [JsonPropertyName("apiVersion")] public string? ApiVersion { get; init; }
    /// <summary>Always <c>DeleteOptions</c> on the wire.</summary>
    [JsonPropertyName("kind")] public string? Kind { get; init; }
    /// <summary>Seconds before the object is deleted; 0 deletes immediately; null uses the kind's default.</summary>
    [JsonPropertyName("gracePeriodSeconds")] public long? GracePeriodSeconds { get; init; }
    /// <summary>Conditions that must hold for the delete to proceed.</summary>
    [JsonPropertyName("preconditions")] public Preconditions? Preconditions { get; init; }
    /// <summary><see cref="Api.PropagationPolicy"/>: Foreground, Background or Orphan.</summary>
    [JsonPropertyName("propagationPolicy")] public string? PropagationPolicy { get; init; }
    /// <summary>Deprecated: true means Orphan, false means Background.</summary>
    [JsonPropertyName("orphanDependents")] public bool? OrphanDependents { get; init; }
    /// <summary><c>["All"]</c> for a dry run.</summary>
    [JsonPropertyName("dryRun")] public IReadOnlyList<string>? DryRun { get; init; }
    /// <summary>Fields this model does not type.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>Whether this is a dry run.</summary>
    [JsonIgnore] public bool IsDryRun => DryRun?.Contains("All") == true;
}

/// <summary>Preconditions of a delete.</summary>
public sealed record Preconditions
{
    /// <summary>The object must have this UID.</summary>
    [JsonPropertyName("uid")] public string? Uid { get; init; }
    /// <summary>The object must be at this resourceVersion.</summary>
    [JsonPropertyName("resourceVersion")] public string? ResourceVersion { get; init; }
}

/// <summary>The patch formats the API accepts.</summary>
public enum PatchType
{
    /// <summary>RFC 6902 JSON patch (<c>application/json-patch+json</c>).</summary>
    JsonPatch,
    /// <summary>RFC 7386 JSON merge patch (<c>application/merge-patch+json</c>).</summary>
    MergePatch,
    /// <summary>Kubernetes strategic merge patch (<c>application/strategic-merge-patch+json</c>).</summary>
    StrategicMergePatch,
    /// <summary>Server-side apply (<c>application/apply-patch+yaml</c>).</summary>
    Apply,
}
