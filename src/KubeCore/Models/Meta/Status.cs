using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>
/// The result of an API call that does not return an object, and the body of every error (<c>metav1.Status</c>).
/// </summary>
public sealed record Status
{
    /// <summary>Always <c>v1</c>.</summary>
    [JsonPropertyName("apiVersion")][JsonPropertyOrder(-3)] public string ApiVersion { get; init; } = "v1";
    /// <summary>Always <c>Status</c>.</summary>
    [JsonPropertyName("kind")][JsonPropertyOrder(-2)] public string Kind { get; init; } = "Status";
    /// <summary>List metadata (always present, usually empty).</summary>
    [JsonPropertyName("metadata")][JsonPropertyOrder(-1)] public ListMeta Metadata { get; init; } = new();
    /// <summary><c>Success</c> or <c>Failure</c>.</summary>
    [JsonPropertyName("status")] public string? StatusValue { get; init; }
    /// <summary>A human-readable description.</summary>
    [JsonPropertyName("message")] public string? Message { get; init; }
    /// <summary>A machine-readable reason, e.g. <c>NotFound</c>, <c>Conflict</c>, <c>Invalid</c>.</summary>
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    /// <summary>Extended data about the reason.</summary>
    [JsonPropertyName("details")] public StatusDetails? Details { get; init; }
    /// <summary>The HTTP status code of this status.</summary>
    [JsonPropertyName("code")] public int? Code { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The value of <see cref="StatusValue"/> on success.</summary>
    public const string Success = "Success";
    /// <summary>The value of <see cref="StatusValue"/> on failure.</summary>
    public const string Failure = "Failure";
}

/// <summary>Details of a <see cref="Status"/>: which object, and the field-level causes.</summary>
public sealed record StatusDetails
{
    /// <summary>Name of the object the status is about.</summary>
    [JsonPropertyName("name")] public string? Name { get; init; }
    /// <summary>API group of the object.</summary>
    [JsonPropertyName("group")] public string? Group { get; init; }
    /// <summary>The resource (plural) or kind of the object.</summary>
    [JsonPropertyName("kind")] public string? Kind { get; init; }
    /// <summary>UID of the object.</summary>
    [JsonPropertyName("uid")] public string? Uid { get; init; }
    /// <summary>Field-level causes, e.g. validation errors.</summary>
    [JsonPropertyName("causes")] public IReadOnlyList<StatusCause>? Causes { get; init; }
    /// <summary>Seconds after which the client may retry.</summary>
    [JsonPropertyName("retryAfterSeconds")] public int? RetryAfterSeconds { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>One cause of a failure, usually a field-level validation error.</summary>
public sealed record StatusCause
{
    /// <summary>Machine-readable reason, e.g. <c>FieldValueInvalid</c>.</summary>
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    /// <summary>Human-readable description.</summary>
    [JsonPropertyName("message")] public string? Message { get; init; }
    /// <summary>The field path, e.g. <c>spec.replicas</c>.</summary>
    [JsonPropertyName("field")] public string? Field { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
