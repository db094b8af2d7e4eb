using System.Text;
using KubeCore.Models;

namespace KubeCore.Api.Strategies;

/// <summary>Secrets: selectable by <c>type</c>; <c>stringData</c> is write-only and lands in <c>data</c>.</summary>
public class SecretResourceStrategy : ResourceStrategy
{
    /// <summary>The shared instance.</summary>
    public static SecretResourceStrategy Instance { get; } = new();

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SelectableFields { get; } = ["type"];

    /// <inheritdoc />
    public override string? GetSelectableField(KubeObject obj, string field) =>
        field == "type" ? ((Secret)obj).Type ?? "" : base.GetSelectableField(obj, field);

    /// <inheritdoc />
    public override KubeObject PrepareForCreate(KubeObject obj) => base.PrepareForCreate(MergeStringData((Secret)obj));

    /// <inheritdoc />
    public override KubeObject PrepareForUpdate(KubeObject updated, KubeObject current) => base.PrepareForUpdate(MergeStringData((Secret)updated), current);

    /// <summary>
    /// kube-apiserver's v1 → internal conversion: each <c>stringData</c> entry is written into <c>data</c> (as UTF-8,
    /// replacing a <c>data</c> entry of the same key) and <c>stringData</c> itself is never stored or returned.
    /// </summary>
    public static Secret MergeStringData(Secret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.StringData is null) return secret;
        var merged = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        if (secret.Data is not null) foreach (var (k, v) in secret.Data) merged[k] = v;
        foreach (var (k, v) in secret.StringData) merged[k] = Encoding.UTF8.GetBytes(v);
        return secret with { Data = new Dictionary<string, byte[]>(merged, StringComparer.Ordinal), StringData = null };
    }
}
