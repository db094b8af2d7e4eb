using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using KubeCore.Benchmarks.Common;
using KubeCore.Models;
using KubeCore.Serialization;

namespace KubeCore.Benchmarks.Serialization;

/// <summary>
/// Decoding the realistic pod (about 4.5 KB of JSON). Baseline: <c>JsonDocument.Parse</c> of the same bytes — the
/// cost of just reading the JSON into a DOM, with no typed model.
/// </summary>
[MemoryDiagnoser]
public class JsonDeserializeBenchmarks
{
    private byte[] _utf8 = [];

    [GlobalSetup]
    public void Setup() => _utf8 = PodFactory.RealisticUtf8();

    [Benchmark(Baseline = true)]
    public int JsonDocumentParse()
    {
        using var doc = JsonDocument.Parse(_utf8);
        return doc.RootElement.CountProperties();
    }

    /// <summary>Typed decode, as a typed client does.</summary>
    [Benchmark]
    public Pod KubeJsonDeserializeTyped() => KubeJson.Deserialize<Pod>(_utf8);

    /// <summary>Kind-dispatched decode (reads apiVersion/kind first), as the HTTP API does.</summary>
    [Benchmark]
    public KubeObject KubeJsonDeserializeByKind() => KubeJson.Deserialize(_utf8);
}

/// <summary>
/// Encoding the realistic pod into a reused buffer. Baseline: writing the same document back from a parsed
/// <c>JsonDocument</c> (a raw copy of the tokens, no model).
/// </summary>
[MemoryDiagnoser]
public class JsonSerializeBenchmarks
{
    private Pod _pod = null!;
    private JsonDocument _doc = null!;
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private Utf8JsonWriter _writer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pod = PodFactory.Realistic();
        _doc = JsonDocument.Parse(KubeJson.SerializeToUtf8Bytes(_pod));
        _writer = new Utf8JsonWriter(_buffer);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _doc.Dispose();
        _writer.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int JsonDocumentWriteTo()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset();
        _doc.RootElement.WriteTo(_writer);
        _writer.Flush();
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int KubeJsonSerializeToWriter()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset();
        KubeJson.Serialize(_writer, _pod);
        _writer.Flush();
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int KubeJsonSerializeToUtf8Bytes() => KubeJson.SerializeToUtf8Bytes(_pod).Length;
}

internal static class JsonElementExtensions
{
    /// <summary>Touches the parsed root so the parse cannot be elided; returns its property count.</summary>
    public static int CountProperties(this JsonElement e)
    {
        var n = 0;
        foreach (var _ in e.EnumerateObject()) n++;
        return n;
    }
}
