using System.Text.Json.Nodes;
using KubeCore.Models;
using KubeCore.Serialization;

namespace KubeCore.Testing;

/// <summary>
/// A <see cref="TestCluster"/> wait helper gave up: the object did not reach the condition within the timeout (on
/// the cluster clock). The message names the object, the condition and the last state the wait observed.
/// </summary>
public sealed class WaitTimeoutException : TimeoutException
{
    private const int MaxStateLength = 4000;

    internal WaitTimeoutException(string resource, string? @namespace, string name, string condition, TimeSpan timeout, KubeObject? last, Exception? conditionError)
        : base(Describe(resource, @namespace, name, condition, timeout, last, conditionError), conditionError)
    {
        Resource = resource;
        Namespace = @namespace;
        Name = name;
        Condition = condition;
        Timeout = timeout;
        LastObserved = last;
    }

    /// <summary>The resource waited on, e.g. <c>deployments.apps</c>.</summary>
    public string Resource { get; }

    /// <summary>The object's namespace (null when cluster-scoped).</summary>
    public string? Namespace { get; }

    /// <summary>The object's name.</summary>
    public string Name { get; }

    /// <summary>What the wait was for (the condition's source text).</summary>
    public string Condition { get; }

    /// <summary>How long it waited, on the cluster clock.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The last state observed, or null if the object never existed while waiting (or was deleted).</summary>
    public KubeObject? LastObserved { get; }

    private static string Describe(string resource, string? ns, string name, string condition, TimeSpan timeout, KubeObject? last, Exception? conditionError)
    {
        var subject = ns is null ? $"{resource} {name}" : $"{resource} {ns}/{name}";
        var message = $"{subject} did not reach {condition} within {timeout} of cluster time; ";
        if (last is null) message += "it did not exist";
        else
        {
            var json = KubeJson.ToJsonNode(last);
            if (json["metadata"] is JsonObject meta) meta.Remove("managedFields");
            var state = json.ToJsonString();
            if (state.Length > MaxStateLength) state = state[..MaxStateLength] + "…";
            message += $"last observed (resourceVersion {last.Metadata.ResourceVersion}): {state}";
        }
        if (conditionError is not null) message += $"; the condition threw {conditionError.GetType().Name}: {conditionError.Message}";
        return message;
    }
}
