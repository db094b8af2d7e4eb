using System.Collections.Frozen;

namespace KubeCore.ApiServer.Protobuf;

/// <summary>What a field holds on the wire and how it reads as JSON.</summary>
internal enum FieldKind
{
    /// <summary>A UTF-8 string.</summary>
    String,
    /// <summary>Bytes, base64 in JSON.</summary>
    Bytes,
    /// <summary>A varint read as a signed 32-bit number.</summary>
    Int32,
    /// <summary>A varint read as a signed 64-bit number.</summary>
    Int64,
    /// <summary>A varint read as an unsigned 32-bit number.</summary>
    UInt32,
    /// <summary>A varint read as an unsigned 64-bit number.</summary>
    UInt64,
    /// <summary>A varint read as a boolean.</summary>
    Bool,
    /// <summary>A fixed64 double.</summary>
    Double,
    /// <summary>A fixed32 float.</summary>
    Float,
    /// <summary>An embedded message with a schema of its own.</summary>
    Message,
    /// <summary>meta/v1 Time: seconds and nanos, RFC 3339 in JSON (whole seconds).</summary>
    Time,
    /// <summary>meta/v1 MicroTime: RFC 3339 with microseconds.</summary>
    MicroTime,
    /// <summary>resource.Quantity: its canonical string.</summary>
    Quantity,
    /// <summary>intstr.IntOrString: a number or a string.</summary>
    IntOrString,
    /// <summary>Raw JSON bytes (FieldsV1, RawExtension).</summary>
    RawJson,
    /// <summary>A map: repeated entries of key (1) and value (2).</summary>
    Map,
}

/// <summary>One field of a message.</summary>
/// <param name="Number">The field number.</param>
/// <param name="JsonName">The JSON property it becomes.</param>
/// <param name="Kind">What it holds.</param>
/// <param name="Message">The nested message's name (for <see cref="FieldKind.Message"/>).</param>
/// <param name="Repeated">A repeated field: a JSON array.</param>
/// <param name="Pointer">A Go pointer field: its zero value was set on purpose and is kept.</param>
/// <param name="Inline">A message whose fields JSON inlines into the parent (Volume's VolumeSource, Probe's handler).</param>
/// <param name="MapKey">A map's key (a scalar field).</param>
/// <param name="MapValue">A map's value.</param>
internal sealed record FieldSchema(int Number, string JsonName, FieldKind Kind, string? Message, bool Repeated, bool Pointer, bool Inline,
    FieldSchema? MapKey = null, FieldSchema? MapValue = null);

/// <summary>
/// The messages KubeCore decodes: field number → JSON name and type, from the tables in
/// <c>ProtobufSchema.Generated.cs</c> (k8s.io/api v0.32), plus which apiVersion/kind each top-level message is.
/// </summary>
internal static partial class ProtobufSchema
{
    /// <summary>The kinds a protobuf request body may hold, by apiVersion and kind, with their message names.</summary>
    public static FrozenDictionary<(string ApiVersion, string Kind), string> Roots { get; } = new Dictionary<(string, string), string>
    {
        [("v1", "Namespace")] = "core/v1.Namespace",
        [("v1", "ConfigMap")] = "core/v1.ConfigMap",
        [("v1", "Secret")] = "core/v1.Secret",
        [("v1", "Service")] = "core/v1.Service",
        [("v1", "Pod")] = "core/v1.Pod",
        [("apps/v1", "Deployment")] = "apps/v1.Deployment",
        [("batch/v1", "Job")] = "batch/v1.Job",
        [("batch/v1", "CronJob")] = "batch/v1.CronJob",
        [("autoscaling/v1", "HorizontalPodAutoscaler")] = "autoscaling/v1.HorizontalPodAutoscaler",
        [("autoscaling/v2", "HorizontalPodAutoscaler")] = "autoscaling/v2.HorizontalPodAutoscaler",
        [("authorization.k8s.io/v1", "SelfSubjectAccessReview")] = "authorization/v1.SelfSubjectAccessReview",
        [("authentication.k8s.io/v1", "SelfSubjectReview")] = "authentication/v1.SelfSubjectReview",
        [("rbac.authorization.k8s.io/v1", "Role")] = "rbac/v1.Role",
        [("rbac.authorization.k8s.io/v1", "ClusterRole")] = "rbac/v1.ClusterRole",
        [("rbac.authorization.k8s.io/v1", "RoleBinding")] = "rbac/v1.RoleBinding",
        [("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")] = "rbac/v1.ClusterRoleBinding",
        [("policy/v1", "Eviction")] = "policy/v1.Eviction",
        [("meta.k8s.io/v1", "DeleteOptions")] = "meta/v1.DeleteOptions",
        [("networking.k8s.io/v1", "Ingress")] = "networking/v1.Ingress",
        [("networking.k8s.io/v1", "IngressClass")] = "networking/v1.IngressClass",
        [("scheduling.k8s.io/v1", "PriorityClass")] = "scheduling/v1.PriorityClass",
        [("v1", "ServiceAccount")] = "core/v1.ServiceAccount",
    }.ToFrozenDictionary();

    /// <summary>
    /// The message of a top-level kind. DeleteOptions is registered in every group version (client-go's typed clients
    /// send the body of a DELETE as <c>v1 DeleteOptions</c>, <c>apps/v1 DeleteOptions</c>, …), so any apiVersion names it.
    /// </summary>
    public static bool TryGetRoot(string apiVersion, string kind, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? message)
    {
        if (kind == "DeleteOptions")
        {
            message = "meta/v1.DeleteOptions";
            return true;
        }
        return Roots.TryGetValue((apiVersion, kind), out message);
    }

    /// <summary>Every message's fields, by message name and field number.</summary>
    public static FrozenDictionary<string, FrozenDictionary<int, FieldSchema>> Messages { get; }

#pragma warning disable CA1810 // The table lives in the other part of this partial class, whose initializers must run first.
    static ProtobufSchema() => Messages = Parse();
#pragma warning restore CA1810

    private static FrozenDictionary<string, FrozenDictionary<int, FieldSchema>> Parse()
    {
        var messages = new Dictionary<string, FrozenDictionary<int, FieldSchema>>(StringComparer.Ordinal);
        foreach (var (message, fields) in s_messages)
        {
            var table = new Dictionary<int, FieldSchema>();
            foreach (var entry in fields.Split("; ", StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = entry.Split(' ');
                var number = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
                var type = parts[2];
                var flagStart = type.IndexOfAny(['*', '?', '^']);
                var flags = flagStart < 0 ? "" : type[flagStart..];
                if (flagStart >= 0) type = type[..flagStart];
                var repeated = flags.Contains('*', StringComparison.Ordinal);
                var pointer = flags.Contains('?', StringComparison.Ordinal);
                var inline = flags.Contains('^', StringComparison.Ordinal);
                if (type.StartsWith("map<", StringComparison.Ordinal))
                {
                    var kv = type[4..^1].Split(',');
                    table[number] = new FieldSchema(number, parts[1], FieldKind.Map, null, false, pointer, false,
                        Scalar(1, "key", kv[0]), Scalar(2, "value", kv[1]));
                }
                else table[number] = Scalar(number, parts[1], type) with { Repeated = repeated, Pointer = pointer, Inline = inline };
            }
            messages[message] = table.ToFrozenDictionary();
        }
        return messages.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static FieldSchema Scalar(int number, string name, string type)
    {
        var kind = type switch
        {
            "s" => FieldKind.String,
            "b" => FieldKind.Bytes,
            "i32" => FieldKind.Int32,
            "i64" => FieldKind.Int64,
            "u32" => FieldKind.UInt32,
            "u64" => FieldKind.UInt64,
            "bool" => FieldKind.Bool,
            "f64" => FieldKind.Double,
            "f32" => FieldKind.Float,
            "$time" => FieldKind.Time,
            "$microtime" => FieldKind.MicroTime,
            "$quantity" => FieldKind.Quantity,
            "$intorstring" => FieldKind.IntOrString,
            "$rawjson" => FieldKind.RawJson,
            _ => FieldKind.Message,
        };
        return new FieldSchema(number, name, kind, kind == FieldKind.Message ? type : null, false, false, false);
    }
}
