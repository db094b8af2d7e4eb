using System.Collections.Concurrent;

namespace KubeCore.Runtime.Simulated.Images;

/// <summary>A simulated container registry: every image exists unless it is rejected (or unknown images are rejected).</summary>
public sealed class SimulatedImageRegistry
{
    private readonly ConcurrentDictionary<string, bool> _known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _rejected = new(StringComparer.Ordinal);

    /// <summary>When true, only images added with <see cref="Add"/> (or mapped to workloads) can be pulled. Default false.</summary>
    public bool RejectUnknownImages { get; set; }

    /// <summary>Makes an image pullable.</summary>
    public SimulatedImageRegistry Add(string image) { _known[image] = true; _rejected.TryRemove(image, out _); return this; }

    /// <summary>Makes pulls of an image fail (<c>ErrImagePull</c>, then <c>ImagePullBackOff</c>).</summary>
    public SimulatedImageRegistry Reject(string image) { _rejected[image] = true; return this; }

    /// <summary>Whether an image can be pulled.</summary>
    public bool CanPull(string image) => !_rejected.ContainsKey(image) && (!RejectUnknownImages || _known.ContainsKey(image));

    /// <summary>The simulated digest of an image, stable for its name.</summary>
    public static string Digest(string image)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(image));
        return "sha256:" + Convert.ToHexStringLower(hash);
    }
}
