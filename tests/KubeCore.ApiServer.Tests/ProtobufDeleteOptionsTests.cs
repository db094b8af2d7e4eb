using KubeCore.ApiServer.Protobuf;

namespace KubeCore.ApiServer.Tests;

/// <summary>DeleteOptions and Eviction as protobuf: what kubectl drain's typed client sends.</summary>
public sealed class ProtobufDeleteOptionsTests
{
    /// <summary><c>kubectl drain node-1 --ignore-daemonsets --grace-period=7</c> deleting a pod when eviction is unavailable.</summary>
    private const string DrainDelete = "6b3873000a130a027631120d44656c6574654f7074696f6e7312020807" + "1a002200";

    /// <summary>The same without <c>--grace-period</c>: an empty message.</summary>
    private const string DrainDeleteDefault = "6b3873000a130a027631120d44656c6574654f7074696f6e7312001a002200";

    [Fact]
    public void DeleteOptions_decode_under_any_group_version()
    {
        Assert.Equal("""{"apiVersion":"v1","kind":"DeleteOptions","gracePeriodSeconds":7}""", ProtobufDecoder.Decode(Convert.FromHexString(DrainDelete)).ToJsonString());
        Assert.Equal("""{"apiVersion":"v1","kind":"DeleteOptions"}""", ProtobufDecoder.Decode(Convert.FromHexString(DrainDeleteDefault)).ToJsonString());
        // apps/v1 DeleteOptions (the same message registered in another group version), with a propagation policy
        // (field 4) and dryRun (field 5).
        var apps = Envelope("apps/v1", "DeleteOptions", [0x22, 0x0a, .. "Foreground"u8, 0x2a, 0x03, .. "All"u8]);
        Assert.Equal("""{"apiVersion":"apps/v1","kind":"DeleteOptions","propagationPolicy":"Foreground","dryRun":["All"]}""", ProtobufDecoder.Decode(apps).ToJsonString());
    }

    [Fact]
    public void Eviction_decodes_with_its_delete_options()
    {
        byte[] meta = [0x0a, 0x03, .. "web"u8, 0x1a, 0x07, .. "default"u8];
        byte[] options = [0x08, 0x00]; // gracePeriodSeconds: 0 (a pointer field: kept)
        var body = Envelope("policy/v1", "Eviction", [0x0a, (byte)meta.Length, .. meta, 0x12, (byte)options.Length, .. options]);
        var node = ProtobufDecoder.Decode(body);
        Assert.Equal("""{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"web","namespace":"default"},"deleteOptions":{"gracePeriodSeconds":0}}""", node.ToJsonString());
    }

    private static byte[] Envelope(string apiVersion, string kind, byte[] raw)
    {
        byte[] typeMeta = [0x0a, (byte)apiVersion.Length, .. System.Text.Encoding.UTF8.GetBytes(apiVersion), 0x12, (byte)kind.Length, .. System.Text.Encoding.UTF8.GetBytes(kind)];
        return [.. "k8s\0"u8, 0x0a, (byte)typeMeta.Length, .. typeMeta, 0x12, (byte)raw.Length, .. raw];
    }
}
