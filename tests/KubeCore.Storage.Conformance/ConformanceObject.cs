using KubeCore.Models;

namespace KubeCore.Storage.Conformance;

/// <summary>The tiny object the conformance suite stores; compared by name, labels and resourceVersion only.</summary>
public sealed record ConformanceObject : KubeObject
{
    /// <summary>Creates an object named <paramref name="name"/> with the given labels.</summary>
    public static ConformanceObject Create(string name, IReadOnlyDictionary<string, string>? labels = null) => new()
    {
        ApiVersion = "kubecore.test/v1",
        Kind = "ConformanceObject",
        Metadata = new ObjectMeta { Name = name, Namespace = "conformance", Labels = labels },
    };

    /// <summary>Creates an object carrying <paramref name="value"/> in its <c>value</c> label.</summary>
    public static ConformanceObject WithValue(string name, string value) =>
        Create(name, new Dictionary<string, string> { ["value"] = value });
}
