using System.Text.Json;
using KubeCore.Models;

namespace KubeCore.Defaulting;

/// <summary>Kubernetes' pod spec defaults (<c>SetDefaults_PodSpec</c>, containers, probes, volumes).</summary>
internal static class PodSpecDefaults
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
    private static readonly EmptyDirVolumeSource EmptyDir = new();

    /// <summary>Defaults a pod spec; <paramref name="isPod"/> adds the pod-only defaults (service links, requests from limits).</summary>
    public static PodSpec Apply(PodSpec spec, bool isPod)
    {
        var containers = Containers(spec.Containers, isPod);
        var inits = Containers(spec.InitContainers, isPod);
        var volumes = Volumes(spec.Volumes);
        if (ReferenceEquals(containers, spec.Containers) && ReferenceEquals(inits, spec.InitContainers) && ReferenceEquals(volumes, spec.Volumes)
            && spec.RestartPolicy is { Length: > 0 } && spec.DnsPolicy is { Length: > 0 } && spec.SchedulerName is { Length: > 0 }
            && spec.TerminationGracePeriodSeconds is not null && spec.SecurityContext is not null
            && (!isPod || spec.EnableServiceLinks is not null))
            return spec;
        return spec with
        {
            Containers = containers,
            InitContainers = inits,
            Volumes = volumes,
            RestartPolicy = spec.RestartPolicy is { Length: > 0 } ? spec.RestartPolicy : "Always",
            DnsPolicy = spec.DnsPolicy is { Length: > 0 } ? spec.DnsPolicy : "ClusterFirst",
            SchedulerName = spec.SchedulerName is { Length: > 0 } ? spec.SchedulerName : "default-scheduler",
            TerminationGracePeriodSeconds = spec.TerminationGracePeriodSeconds ?? 30,
            SecurityContext = spec.SecurityContext ?? EmptyObject,
            EnableServiceLinks = isPod ? spec.EnableServiceLinks ?? true : spec.EnableServiceLinks,
        };
    }

    private static IReadOnlyList<T>? Map<T>(IReadOnlyList<T>? list, Func<T, T> f) where T : class
    {
        if (list is null) return null;
        T[]? copy = null;
        for (var i = 0; i < list.Count; i++)
        {
            var d = f(list[i]);
            if (ReferenceEquals(d, list[i])) continue;
            copy ??= [.. list];
            copy[i] = d;
        }
        return copy ?? list;
    }

    private static IReadOnlyList<Container>? Containers(IReadOnlyList<Container>? list, bool isPod) =>
        Map(list, c => Container(c, isPod));

    private static Container Container(Container c, bool isPod)
    {
        var ports = Map(c.Ports, p => p.Protocol is { Length: > 0 } ? p : p with { Protocol = "TCP" });
        var liveness = Probe(c.LivenessProbe);
        var readiness = Probe(c.ReadinessProbe);
        var startup = Probe(c.StartupProbe);
        var resources = isPod ? Resources(c.Resources) : c.Resources;
        if (ReferenceEquals(ports, c.Ports) && ReferenceEquals(liveness, c.LivenessProbe) && ReferenceEquals(readiness, c.ReadinessProbe)
            && ReferenceEquals(startup, c.StartupProbe) && ReferenceEquals(resources, c.Resources)
            && c.ImagePullPolicy is { Length: > 0 } && c.TerminationMessagePath is { Length: > 0 } && c.TerminationMessagePolicy is { Length: > 0 })
            return c;
        return c with
        {
            Ports = ports,
            LivenessProbe = liveness,
            ReadinessProbe = readiness,
            StartupProbe = startup,
            Resources = resources,
            ImagePullPolicy = c.ImagePullPolicy is { Length: > 0 } ? c.ImagePullPolicy : PullPolicyFor(c.Image),
            TerminationMessagePath = c.TerminationMessagePath is { Length: > 0 } ? c.TerminationMessagePath : "/dev/termination-log",
            TerminationMessagePolicy = c.TerminationMessagePolicy is { Length: > 0 } ? c.TerminationMessagePolicy : "File",
        };
    }

    /// <summary><c>Always</c> for images tagged <c>latest</c> or untagged (and not pinned by digest), else <c>IfNotPresent</c>.</summary>
    internal static string PullPolicyFor(string? image)
    {
        if (string.IsNullOrEmpty(image)) return "Always";
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var hasDigest = at >= 0;
        var name = hasDigest ? image[..at] : image;
        var lastSlash = name.LastIndexOf('/');
        var colon = name.IndexOf(':', lastSlash + 1);
        var tag = colon >= 0 ? name[(colon + 1)..] : hasDigest ? "" : "latest";
        return tag == "latest" ? "Always" : "IfNotPresent";
    }

    private static Probe? Probe(Probe? p)
    {
        if (p is null) return null;
        var http = p.HttpGet;
        if (http is not null && (string.IsNullOrEmpty(http.Path) || string.IsNullOrEmpty(http.Scheme)))
            http = http with { Path = string.IsNullOrEmpty(http.Path) ? "/" : http.Path, Scheme = string.IsNullOrEmpty(http.Scheme) ? "HTTP" : http.Scheme };
        if (ReferenceEquals(http, p.HttpGet) && p.TimeoutSeconds is not (null or 0) && p.PeriodSeconds is not (null or 0)
            && p.SuccessThreshold is not (null or 0) && p.FailureThreshold is not (null or 0))
            return p;
        return p with
        {
            HttpGet = http,
            TimeoutSeconds = p.TimeoutSeconds is null or 0 ? 1 : p.TimeoutSeconds,
            PeriodSeconds = p.PeriodSeconds is null or 0 ? 10 : p.PeriodSeconds,
            SuccessThreshold = p.SuccessThreshold is null or 0 ? 1 : p.SuccessThreshold,
            FailureThreshold = p.FailureThreshold is null or 0 ? 3 : p.FailureThreshold,
        };
    }

    // Requests default to limits for every resource that has a limit but no request (SetDefaults_Pod).
    private static ResourceRequirements? Resources(ResourceRequirements? r)
    {
        if (r?.Limits is not { Count: > 0 } limits) return r;
        var requests = r.Requests;
        Dictionary<string, Quantity>? merged = null;
        foreach (var (name, q) in limits)
        {
            if (requests is not null && requests.ContainsKey(name)) continue;
            merged ??= requests is null ? new Dictionary<string, Quantity>(StringComparer.Ordinal) : new Dictionary<string, Quantity>(requests, StringComparer.Ordinal);
            merged[name] = q;
        }
        return merged is null ? r : r with { Requests = merged };
    }

    private static IReadOnlyList<Volume>? Volumes(IReadOnlyList<Volume>? volumes) => Map(volumes, v =>
    {
        if (v.EmptyDir is null && v.HostPath is null && v.ConfigMap is null && v.Secret is null && v.PersistentVolumeClaim is null
            && (v.ExtensionData?.Count ?? 0) == 0)
            return v with { EmptyDir = EmptyDir };
        if (v.ConfigMap is { DefaultMode: null } cm) return v with { ConfigMap = cm with { DefaultMode = 420 } };
        if (v.Secret is { DefaultMode: null } sec) return v with { Secret = sec with { DefaultMode = 420 } };
        return v;
    });

    /// <summary>Defaults a pod template's spec (template pods get the spec defaults but not the pod-only ones).</summary>
    public static PodTemplateSpec? Template(PodTemplateSpec? template)
    {
        if (template is null) return null;
        var spec = Apply(template.Spec ?? new PodSpec(), isPod: false);
        return ReferenceEquals(spec, template.Spec) ? template : template with { Spec = spec };
    }
}
