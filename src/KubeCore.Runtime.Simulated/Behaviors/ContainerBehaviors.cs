using System.Collections.Concurrent;
using System.Globalization;
using KubeCore.Models;

namespace KubeCore.Runtime.Simulated.Behaviors;

/// <summary>
/// Per-container behavior (start delay, exit, failing probes) by image, overridden per pod by annotations:
/// <c>sim.kubecore.dev/&lt;setting&gt;</c> for every container of the pod, <c>sim.kubecore.dev/&lt;container&gt;.&lt;setting&gt;</c> for one.
/// </summary>
/// <remarks>
/// Settings: <c>start-delay</c>, <c>start-jitter</c>, <c>exit-after</c>, <c>crash-after</c> (exit code 1 unless <c>exit-code</c> says otherwise),
/// <c>exit-code</c> (alone: exit at once), <c>fail-readiness</c>, <c>fail-liveness-after</c>, <c>fail-startup</c>.
/// Durations are Go-style (<c>500ms</c>, <c>5s</c>, <c>1m30s</c>); flags are <c>true</c>/<c>false</c>.
/// </remarks>
public sealed class ContainerBehaviors
{
    /// <summary>The prefix of behavior annotations.</summary>
    public const string AnnotationPrefix = "sim.kubecore.dev/";

    private readonly ConcurrentDictionary<string, Action<ContainerBehaviorBuilder>> _byImage = new(StringComparer.Ordinal);

    /// <summary>Sets the behavior of every container running <paramref name="image"/>.</summary>
    /// <example><code>options.Behaviors.ForImage("slow:v1", b => b.StartDelay(TimeSpan.FromSeconds(5), jitter: TimeSpan.FromSeconds(2)).FailReadiness());</code></example>
    public ContainerBehaviors ForImage(string image, Action<ContainerBehaviorBuilder> configure)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        ArgumentNullException.ThrowIfNull(configure);
        configure(new ContainerBehaviorBuilder()); // bad arguments throw here, not when a pod starts
        _byImage[image] = configure;
        return this;
    }

    /// <summary>The behavior of <paramref name="container"/> in <paramref name="pod"/>: its image's, then the pod's annotations.</summary>
    /// <exception cref="FormatException">An annotation with the prefix has an unknown setting, an unknown container or a bad value.</exception>
    public ContainerBehavior Resolve(Pod pod, Container container)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(container);
        var builder = new ContainerBehaviorBuilder();
        if (container.Image is { } image && _byImage.TryGetValue(image, out var configure)) configure(builder);
        var annotations = pod.Metadata.Annotations;
        if (annotations is null) return builder.Build();
        var names = (pod.Spec?.Containers ?? []).Concat(pod.Spec?.InitContainers ?? []).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var podWide = new List<(string Setting, string Key, string Value)>();
        var own = new List<(string Setting, string Key, string Value)>();
        foreach (var (key, value) in annotations)
        {
            if (!key.StartsWith(AnnotationPrefix, StringComparison.Ordinal)) continue;
            var name = key[AnnotationPrefix.Length..];
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0) { podWide.Add((name, key, value)); continue; }
            var target = name[..dot];
            if (!names.Contains(target)) throw new FormatException($"annotation {key}: the pod has no container \"{target}\"");
            if (target == container.Name) own.Add((name[(dot + 1)..], key, value));
        }
        // Pod-wide settings first, so a container's own annotations win; each list in key order, so the result does not depend on map order.
        foreach (var (setting, key, value) in podWide.OrderBy(a => a.Key, StringComparer.Ordinal).Concat(own.OrderBy(a => a.Key, StringComparer.Ordinal)))
            Apply(builder, setting, key, value);
        return builder.Build();
    }

    private static void Apply(ContainerBehaviorBuilder b, string setting, string key, string value)
    {
        switch (setting)
        {
            case "start-delay": b.SetStartDelay(Duration(key, value)); break;
            case "start-jitter": b.SetStartJitter(Duration(key, value)); break;
            case "exit-after": b.SetExitAfter(Duration(key, value)); break;
            case "crash-after": b.SetExitAfter(Duration(key, value)); b.SetCrash(); break;
            case "exit-code": b.ExitCode(Int(key, value)); break;
            case "fail-readiness": b.FailReadiness(Bool(key, value)); break;
            case "fail-liveness-after": b.FailLivenessAfter(Duration(key, value)); break;
            case "fail-startup": b.FailStartup(Bool(key, value)); break;
            default: throw new FormatException($"annotation {key}: unknown setting \"{setting}\" (known: start-delay, start-jitter, exit-after, crash-after, exit-code, fail-readiness, fail-liveness-after, fail-startup)");
        }
    }

    private static TimeSpan Duration(string key, string value) =>
        GoDuration.TryParse(value, out var d) ? d : throw new FormatException($"annotation {key}: \"{value}\" is not a duration (e.g. 500ms, 5s, 1m30s)");

    private static int Int(string key, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i is >= 0 and <= 255 ? i : throw new FormatException($"annotation {key}: \"{value}\" is not an exit code (0-255)");

    private static bool Bool(string key, string value) =>
        bool.TryParse(value, out var b) ? b : throw new FormatException($"annotation {key}: \"{value}\" is not true or false");
}
