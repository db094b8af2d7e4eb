using KubeCore.Models;

namespace KubeCore.Validation;

/// <summary>Validation of one container (<c>validateContainerCommon</c> and friends) with upstream messages.</summary>
internal static class ContainerValidation
{
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] PullPolicies = ["Always", "IfNotPresent", "Never"];
    private static readonly string[] MessagePolicies = ["File", "FallbackToLogsOnError"];
    private static readonly string[] Schemes = ["HTTP", "HTTPS"];
    private static readonly string[] AlwaysOnly = ["Always"];

    /// <summary>Validates <paramref name="c"/>, the <paramref name="index"/>th entry of the list at <paramref name="listPath"/>.</summary>
    public static void Validate(ref List<FieldError>? errs, Container c, FieldPath listPath, int index, IReadOnlyList<Volume>? volumes, bool isInit = false)
    {
        if (c.RestartPolicy is { } restart)
        {
            // Only init containers may set a restart policy, and only Always (which makes them sidecars).
            if (!isInit)
                Errors.Add(ref errs, FieldError.Forbidden(listPath.Index(index).Child("restartPolicy"), "may not be set for non-init containers"));
            else if (restart != "Always")
                Errors.Add(ref errs, FieldError.NotSupported(listPath.Index(index).Child("restartPolicy"), restart, AlwaysOnly));
        }
        if (string.IsNullOrEmpty(c.Name)) Errors.Add(ref errs, FieldError.Required(listPath.Index(index).Child("name"), ""));
        else Formats.CheckDnsLabel(ref errs, c.Name, new LazyPath(listPath, index, "name"));
        if (string.IsNullOrEmpty(c.Image)) Errors.Add(ref errs, FieldError.Required(listPath.Index(index).Child("image"), ""));
        Formats.CheckEnum(ref errs, c.ImagePullPolicy, new LazyPath(listPath, index, "imagePullPolicy"), PullPolicies);
        Formats.CheckEnum(ref errs, c.TerminationMessagePolicy, new LazyPath(listPath, index, "terminationMessagePolicy"), MessagePolicies);
        if (c.Ports is { Count: > 0 } ports) ValidatePorts(ref errs, ports, listPath, index);
        if (c.Env is { Count: > 0 } env) ValidateEnv(ref errs, env, listPath, index);
        if (c.Resources is { } res) ValidateResources(ref errs, res, listPath, index);
        if (c.VolumeMounts is { Count: > 0 } mounts) ValidateMounts(ref errs, mounts, volumes, listPath, index);
        if (c.LivenessProbe is { } lp) ValidateProbe(ref errs, lp, listPath, index, "livenessProbe", mustSucceedOnce: true);
        if (c.ReadinessProbe is { } rp) ValidateProbe(ref errs, rp, listPath, index, "readinessProbe", mustSucceedOnce: false);
        if (c.StartupProbe is { } sp) ValidateProbe(ref errs, sp, listPath, index, "startupProbe", mustSucceedOnce: true);
    }

    private static void ValidatePorts(ref List<FieldError>? errs, IReadOnlyList<ContainerPort> ports, FieldPath listPath, int index)
    {
        for (var i = 0; i < ports.Count; i++)
        {
            var p = ports[i];
            if (!string.IsNullOrEmpty(p.Name))
            {
                var msgs = Formats.PortNameErrors(p.Name);
                if (msgs.Count > 0) Errors.AddInvalid(ref errs, PortPath(listPath, index, i, "name"), p.Name, msgs);
                else
                    for (var j = 0; j < i; j++)
                        if (string.Equals(ports[j].Name, p.Name, StringComparison.Ordinal))
                        {
                            Errors.Add(ref errs, FieldError.Duplicate(PortPath(listPath, index, i, "name"), p.Name));
                            break;
                        }
            }
            if (p.Port == 0) Errors.Add(ref errs, FieldError.Required(PortPath(listPath, index, i, "containerPort"), ""));
            else if (!Formats.IsPortNumber(p.Port)) Errors.Add(ref errs, FieldError.Invalid(PortPath(listPath, index, i, "containerPort"), p.Port, Formats.PortRange));
            if (p.HostPort is { } hp and not 0 && !Formats.IsPortNumber(hp))
                Errors.Add(ref errs, FieldError.Invalid(PortPath(listPath, index, i, "hostPort"), hp, Formats.PortRange));
            if (p.Protocol is not ("TCP" or "UDP" or "SCTP")) Formats.CheckEnum(ref errs, p.Protocol, PortPath(listPath, index, i, "protocol"), Protocols);
        }
    }

    private static FieldPath PortPath(FieldPath listPath, int index, int port, string field) =>
        listPath.Index(index).Child("ports").Index(port).Child(field);

    private static void ValidateEnv(ref List<FieldError>? errs, IReadOnlyList<EnvVar> env, FieldPath listPath, int index)
    {
        for (var i = 0; i < env.Count; i++)
        {
            var e = env[i];
            if (string.IsNullOrEmpty(e.Name))
            {
                Errors.Add(ref errs, FieldError.Required(listPath.Index(index).Child("env").Index(i).Child("name"), ""));
                continue;
            }
            foreach (var ch in e.Name)
            {
                if (ch is < (char)0x20 or > (char)0x7e or '=')
                {
                    Errors.Add(ref errs, FieldError.Invalid(listPath.Index(index).Child("env").Index(i).Child("name"), e.Name,
                        "a valid environment variable name must consist only of printable ASCII characters other than '='"));
                    break;
                }
            }
            if (e.ValueFrom is { } from)
            {
                var sources = (from.FieldRef is null ? 0 : 1) + (from.ResourceFieldRef is null ? 0 : 1) +
                              (from.ConfigMapKeyRef is null ? 0 : 1) + (from.SecretKeyRef is null ? 0 : 1);
                var fromPath = listPath.Index(index).Child("env").Index(i).Child("valueFrom");
                if (!string.IsNullOrEmpty(e.Value))
                    Errors.Add(ref errs, FieldError.Invalid(fromPath, "", "may not be specified when `value` is not empty"));
                if (sources == 0 && (from.ExtensionData?.Count ?? 0) == 0)
                    Errors.Add(ref errs, FieldError.Invalid(fromPath, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
                else if (sources > 1)
                    Errors.Add(ref errs, FieldError.Invalid(fromPath, "", "may not have more than one field specified at a time"));
            }
        }
    }

    private static void ValidateResources(ref List<FieldError>? errs, ResourceRequirements res, FieldPath listPath, int index)
    {
        if (res.Limits is { Count: > 0 } limits)
        {
            if (limits is Dictionary<string, Quantity> dl)
                foreach (var kv in dl) CheckLimit(ref errs, kv.Key, kv.Value, listPath, index);
            else
                foreach (var kv in limits) CheckLimit(ref errs, kv.Key, kv.Value, listPath, index);
        }
        if (res.Requests is not { Count: > 0 } requests) return;
        if (requests is Dictionary<string, Quantity> dr)
            foreach (var kv in dr) CheckRequest(ref errs, kv.Key, kv.Value, res.Limits, listPath, index);
        else
            foreach (var kv in requests) CheckRequest(ref errs, kv.Key, kv.Value, res.Limits, listPath, index);
    }

    private static void CheckLimit(ref List<FieldError>? errs, string name, Quantity q, FieldPath listPath, int index)
    {
        if (q.Sign < 0)
            Errors.Add(ref errs, FieldError.Invalid(listPath.Index(index).Child("resources", "limits").Key(name), q.ToString(), Formats.NonNegative));
    }

    private static void CheckRequest(ref List<FieldError>? errs, string name, Quantity q, IReadOnlyDictionary<string, Quantity>? limits, FieldPath listPath, int index)
    {
        if (q.Sign < 0)
            Errors.Add(ref errs, FieldError.Invalid(listPath.Index(index).Child("resources", "requests").Key(name), q.ToString(), Formats.NonNegative));
        if (limits is not null && limits.TryGetValue(name, out var limit) && q > limit)
            Errors.Add(ref errs, FieldError.Invalid(listPath.Index(index).Child("resources", "requests"), q.ToString(),
                $"must be less than or equal to {name} limit of {limit}"));
    }

    private static void ValidateMounts(ref List<FieldError>? errs, IReadOnlyList<VolumeMount> mounts, IReadOnlyList<Volume>? volumes, FieldPath listPath, int index)
    {
        for (var i = 0; i < mounts.Count; i++)
        {
            var m = mounts[i];
            if (string.IsNullOrEmpty(m.Name)) Errors.Add(ref errs, FieldError.Required(MountPath(listPath, index, i, "name"), ""));
            if (!HasVolume(volumes, m.Name)) Errors.Add(ref errs, FieldError.NotFound(MountPath(listPath, index, i, "name"), m.Name));
            if (string.IsNullOrEmpty(m.MountPath)) Errors.Add(ref errs, FieldError.Required(MountPath(listPath, index, i, "mountPath"), ""));
            else
                for (var j = 0; j < i; j++)
                    if (string.Equals(mounts[j].MountPath, m.MountPath, StringComparison.Ordinal))
                    {
                        Errors.Add(ref errs, FieldError.Invalid(MountPath(listPath, index, i, "mountPath"), m.MountPath, "must be unique"));
                        break;
                    }
        }
    }

    private static FieldPath MountPath(FieldPath listPath, int index, int mount, string field) =>
        listPath.Index(index).Child("volumeMounts").Index(mount).Child(field);

    private static bool HasVolume(IReadOnlyList<Volume>? volumes, string name)
    {
        if (volumes is null || name.Length == 0) return false;
        for (var i = 0; i < volumes.Count; i++) if (string.Equals(volumes[i].Name, name, StringComparison.Ordinal)) return true;
        return false;
    }

    private static void ValidateProbe(ref List<FieldError>? errs, Probe p, FieldPath listPath, int index, string name, bool mustSucceedOnce)
    {
        var handlers = (p.Exec is null ? 0 : 1) + (p.HttpGet is null ? 0 : 1) + (p.TcpSocket is null ? 0 : 1) + (p.Grpc is null ? 0 : 1);
        if (handlers == 0) Errors.Add(ref errs, FieldError.Required(listPath.Index(index).Child(name), "must specify a handler type"));
        else if (handlers > 1) Errors.Add(ref errs, FieldError.Forbidden(listPath.Index(index).Child(name), "may not specify more than 1 handler type"));
        Formats.CheckNonNegative(ref errs, p.InitialDelaySeconds, ProbePath(listPath, index, name, "initialDelaySeconds"));
        Formats.CheckNonNegative(ref errs, p.TimeoutSeconds, ProbePath(listPath, index, name, "timeoutSeconds"));
        Formats.CheckNonNegative(ref errs, p.PeriodSeconds, ProbePath(listPath, index, name, "periodSeconds"));
        Formats.CheckNonNegative(ref errs, p.SuccessThreshold, ProbePath(listPath, index, name, "successThreshold"));
        Formats.CheckNonNegative(ref errs, p.FailureThreshold, ProbePath(listPath, index, name, "failureThreshold"));
        if (mustSucceedOnce && p.SuccessThreshold is { } st and not 1 and >= 0)
            Errors.Add(ref errs, FieldError.Invalid(ProbePath(listPath, index, name, "successThreshold").Build(), st, "must be 1"));
        if (p.HttpGet is { } http)
        {
            if (string.IsNullOrEmpty(http.Path)) Errors.Add(ref errs, FieldError.Required(ProbePath(listPath, index, name, "httpGet", "path").Build(), ""));
            Formats.CheckPortNumOrName(ref errs, http.Port, ProbePath(listPath, index, name, "httpGet", "port"));
            if (http.Scheme is { Length: > 0 } scheme && Array.IndexOf(Schemes, scheme) < 0)
                Errors.Add(ref errs, FieldError.NotSupported(ProbePath(listPath, index, name, "httpGet", "scheme").Build(), scheme, Schemes));
        }
        if (p.TcpSocket is { } tcp) Formats.CheckPortNumOrName(ref errs, tcp.Port, ProbePath(listPath, index, name, "tcpSocket", "port"));
    }

    // Kubernetes reports probe fields without a per-port position, e.g. spec.containers[0].livenessProbe.periodSeconds.
    private static LazyPath ProbePath(FieldPath listPath, int index, string probe, string field) =>
        new(listPath, index, probe, field);

    private static LazyPath ProbePath(FieldPath listPath, int index, string probe, string field, string subfield) =>
        new(listPath, index, probe, field, subfield);
}
