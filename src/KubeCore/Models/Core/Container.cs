using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>A container in a pod (<c>Container</c>).</summary>
public sealed record Container
{
    /// <summary>Name, unique within the pod.</summary>
    public string Name { get; init; } = "";
    /// <summary>Container image reference.</summary>
    public string? Image { get; init; }
    /// <summary>Entrypoint; replaces the image's ENTRYPOINT.</summary>
    public IReadOnlyList<string>? Command { get; init; }
    /// <summary>Arguments; replace the image's CMD.</summary>
    public IReadOnlyList<string>? Args { get; init; }
    /// <summary>Working directory.</summary>
    public string? WorkingDir { get; init; }
    /// <summary>Ports the container exposes.</summary>
    public IReadOnlyList<ContainerPort>? Ports { get; init; }
    /// <summary>Sources to populate environment variables from.</summary>
    public IReadOnlyList<EnvFromSource>? EnvFrom { get; init; }
    /// <summary>Environment variables.</summary>
    public IReadOnlyList<EnvVar>? Env { get; init; }
    /// <summary>Compute resources.</summary>
    public ResourceRequirements? Resources { get; init; }
    /// <summary>For init containers: <c>Always</c> makes it a sidecar.</summary>
    public string? RestartPolicy { get; init; }
    /// <summary>Volumes mounted into the container.</summary>
    public IReadOnlyList<VolumeMount>? VolumeMounts { get; init; }
    /// <summary>Restart the container when this fails.</summary>
    public Probe? LivenessProbe { get; init; }
    /// <summary>Remove the pod from endpoints when this fails.</summary>
    public Probe? ReadinessProbe { get; init; }
    /// <summary>Other probes wait until this succeeds.</summary>
    public Probe? StartupProbe { get; init; }
    /// <summary>Post-start and pre-stop hooks.</summary>
    public Lifecycle? Lifecycle { get; init; }
    /// <summary>File the termination message is read from.</summary>
    public string? TerminationMessagePath { get; init; }
    /// <summary><c>File</c> or <c>FallbackToLogsOnError</c>.</summary>
    public string? TerminationMessagePolicy { get; init; }
    /// <summary><c>Always</c>, <c>Never</c> or <c>IfNotPresent</c>.</summary>
    public string? ImagePullPolicy { get; init; }
    /// <summary>Container security attributes (kept loosely typed).</summary>
    public JsonElement? SecurityContext { get; init; }
    /// <summary>Whether a stdin buffer is allocated.</summary>
    public bool? Stdin { get; init; }
    /// <summary>Whether stdin closes after the first attach.</summary>
    public bool? StdinOnce { get; init; }
    /// <summary>Whether a TTY is allocated.</summary>
    public bool? Tty { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A network port of a container.</summary>
public sealed record ContainerPort
{
    /// <summary>Name that services can refer to.</summary>
    public string? Name { get; init; }
    /// <summary>Port exposed on the host.</summary>
    public int? HostPort { get; init; }
    /// <summary>Port number on the pod's IP.</summary>
    [JsonPropertyName("containerPort")] public int Port { get; init; }
    /// <summary><c>TCP</c>, <c>UDP</c> or <c>SCTP</c>.</summary>
    public string? Protocol { get; init; }
    /// <summary>Host IP to bind the host port to.</summary>
    public string? HostIP { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An environment variable.</summary>
public sealed record EnvVar
{
    /// <summary>Variable name.</summary>
    public string Name { get; init; } = "";
    /// <summary>Literal value.</summary>
    public string? Value { get; init; }
    /// <summary>Where the value comes from.</summary>
    public EnvVarSource? ValueFrom { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The source of an environment variable's value.</summary>
public sealed record EnvVarSource
{
    /// <summary>A field of the pod.</summary>
    public ObjectFieldSelector? FieldRef { get; init; }
    /// <summary>A resource limit or request of a container.</summary>
    public ResourceFieldSelector? ResourceFieldRef { get; init; }
    /// <summary>A key of a config map.</summary>
    public KeySelector? ConfigMapKeyRef { get; init; }
    /// <summary>A key of a secret.</summary>
    public KeySelector? SecretKeyRef { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Selects a field of the pod.</summary>
public sealed record ObjectFieldSelector
{
    /// <summary>Version of the schema the path is written in.</summary>
    public string? ApiVersion { get; init; }
    /// <summary>Path of the field, e.g. <c>metadata.name</c>.</summary>
    public string FieldPath { get; init; } = "";
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Selects a container resource.</summary>
public sealed record ResourceFieldSelector
{
    /// <summary>The container; defaults to the current one.</summary>
    public string? ContainerName { get; init; }
    /// <summary>The resource, e.g. <c>limits.cpu</c>.</summary>
    public string Resource { get; init; } = "";
    /// <summary>Output format divisor.</summary>
    public Quantity? Divisor { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Selects a key of a config map or secret.</summary>
public sealed record KeySelector
{
    /// <summary>Name of the config map or secret.</summary>
    public string? Name { get; init; }
    /// <summary>The key.</summary>
    public string Key { get; init; } = "";
    /// <summary>Whether the config map/secret or key may be missing.</summary>
    public bool? Optional { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Populates environment variables from a config map or secret.</summary>
public sealed record EnvFromSource
{
    /// <summary>Prefix prepended to each key.</summary>
    public string? Prefix { get; init; }
    /// <summary>The config map.</summary>
    public OptionalLocalObjectReference? ConfigMapRef { get; init; }
    /// <summary>The secret.</summary>
    public OptionalLocalObjectReference? SecretRef { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A reference by name to an object that may be optional.</summary>
public sealed record OptionalLocalObjectReference
{
    /// <summary>Name of the referent.</summary>
    public string? Name { get; init; }
    /// <summary>Whether the referent may be missing.</summary>
    public bool? Optional { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Compute resource requirements.</summary>
public sealed record ResourceRequirements
{
    /// <summary>Maximum amounts allowed.</summary>
    public IReadOnlyDictionary<string, Quantity>? Limits { get; init; }
    /// <summary>Minimum amounts required; used for scheduling.</summary>
    public IReadOnlyDictionary<string, Quantity>? Requests { get; init; }
    /// <summary>Dynamic resource claims used by the container.</summary>
    public IReadOnlyList<ResourceClaim>? Claims { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A reference to a pod resource claim.</summary>
public sealed record ResourceClaim
{
    /// <summary>Name of the claim in the pod spec.</summary>
    public string Name { get; init; } = "";
    /// <summary>A specific request within the claim.</summary>
    public string? Request { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A volume mounted into a container.</summary>
public sealed record VolumeMount
{
    /// <summary>The volume name.</summary>
    public string Name { get; init; } = "";
    /// <summary>Whether mounted read-only.</summary>
    public bool? ReadOnly { get; init; }
    /// <summary>Recursive read-only handling.</summary>
    public string? RecursiveReadOnly { get; init; }
    /// <summary>Path inside the container.</summary>
    public string MountPath { get; init; } = "";
    /// <summary>Sub-path within the volume.</summary>
    public string? SubPath { get; init; }
    /// <summary>Mount propagation mode.</summary>
    public string? MountPropagation { get; init; }
    /// <summary>Sub-path with environment variable expansion.</summary>
    public string? SubPathExpr { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Container lifecycle hooks.</summary>
public sealed record Lifecycle
{
    /// <summary>Runs right after the container is created.</summary>
    public LifecycleHandler? PostStart { get; init; }
    /// <summary>Runs before the container is terminated.</summary>
    public LifecycleHandler? PreStop { get; init; }
    /// <summary>Signal used to stop the container.</summary>
    public string? StopSignal { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An action run by a lifecycle hook.</summary>
public sealed record LifecycleHandler
{
    /// <summary>Runs a command.</summary>
    public ExecAction? Exec { get; init; }
    /// <summary>Performs an HTTP GET.</summary>
    public HttpGetAction? HttpGet { get; init; }
    /// <summary>Opens a TCP connection.</summary>
    public TcpSocketAction? TcpSocket { get; init; }
    /// <summary>Sleeps.</summary>
    public SleepAction? Sleep { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Sleeps for a duration.</summary>
public sealed record SleepAction
{
    /// <summary>Seconds to sleep.</summary>
    public long Seconds { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
