using KubeCore.Models;
using KubeCore.Storage;

namespace KubeCore.Serialization;

/// <summary>Stores objects as their Kubernetes JSON wire form; decoding stamps the storage revision as resourceVersion.</summary>
/// <param name="typeMap">The kinds to decode into typed records; <see cref="KubeTypeMap.Default"/> when null.</param>
public sealed class JsonStorageCodec(KubeTypeMap? typeMap = null) : IStorageCodec
{
    /// <summary>A shared codec using <see cref="KubeTypeMap.Default"/>.</summary>
    public static JsonStorageCodec Default { get; } = new();

    /// <inheritdoc />
    public byte[] Encode(KubeObject value) => KubeJson.SerializeToUtf8Bytes(value);

    /// <inheritdoc />
    public KubeObject Decode(ReadOnlySpan<byte> data, long revision) =>
        KubeJson.Deserialize(data, typeMap).WithResourceVersion(revision);
}
