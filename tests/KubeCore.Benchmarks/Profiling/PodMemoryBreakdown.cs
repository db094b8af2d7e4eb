using System.Text.Json;
using System.Text.Json.Serialization;
using KubeCore.Benchmarks.Common;
using KubeCore.Models;
using KubeCore.Serialization;

namespace KubeCore.Benchmarks.Profiling;

/// <summary>
/// Where the bytes of a stored pod go (run with <c>--profile</c>): the retained size of each part of the realistic pod,
/// decoded <c>count</c> times through KubeJson, and the whole pod again with repeated strings shared (an interning
/// string converter) to show what de-duplicating common values would save.
/// </summary>
public static class PodMemoryBreakdown
{
    public static void Run(int count)
    {
        using var doc = JsonDocument.Parse(PodFactory.RealisticJson());
        var root = doc.RootElement;
        var spec = root.GetProperty("spec");
        var container = spec.GetProperty("containers")[0];
        var parts = new (string Name, Type Type, string Json)[]
        {
            ("whole pod (with status)", typeof(Pod), root.GetRawText()),
            ("  metadata", typeof(ObjectMeta), root.GetProperty("metadata").GetRawText()),
            ("  spec", typeof(PodSpec), spec.GetRawText()),
            ("    containers[0] (web)", typeof(Container), container.GetRawText()),
            ("      resources (2 maps of 2 quantities)", typeof(ResourceRequirements), container.GetProperty("resources").GetRawText()),
            ("      livenessProbe", typeof(Probe), container.GetProperty("livenessProbe").GetRawText()),
            ("      env (4 vars)", typeof(List<EnvVar>), container.GetProperty("env").GetRawText()),
            ("    volumes (3)", typeof(List<Volume>), spec.GetProperty("volumes").GetRawText()),
            ("    affinity", typeof(Affinity), spec.GetProperty("affinity").GetRawText()),
            ("  status", typeof(PodStatus), root.GetProperty("status").GetRawText()),
        };
        Console.WriteLine();
        Console.WriteLine($"Pod memory by part: retained bytes per decoded copy ({count:N0} copies each)");
        Console.WriteLine($"| {"Part",-42} | {"JSON bytes",10} | {"retained B",10} | {"B per JSON byte",15} |");
        Console.WriteLine($"|{new string('-', 44)}|{new string('-', 12)}|{new string('-', 12)}|{new string('-', 17)}|");
        foreach (var (name, type, json) in parts)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(json);
            var perCopy = Retained(count, () => JsonSerializer.Deserialize(bytes, KubeJson.Options.GetTypeInfo(type)));
            Console.WriteLine($"| {name,-42} | {bytes.Length,10:N0} | {perCopy,10:N0} | {perCopy / bytes.Length,15:N2} |");
        }

        var interning = new JsonSerializerOptions(KubeJson.Options);
        interning.Converters.Insert(0, new InterningStringConverter());
        var whole = System.Text.Encoding.UTF8.GetBytes(root.GetRawText());
        var a = (Pod)JsonSerializer.Deserialize(whole, interning.GetTypeInfo(typeof(Pod)))!;
        var b = (Pod)JsonSerializer.Deserialize(whole, interning.GetTypeInfo(typeof(Pod)))!;
        var shared = ReferenceEquals(a.Spec!.Containers![0].Image, b.Spec!.Containers![0].Image);
        var interned = Retained(count, () => JsonSerializer.Deserialize(whole, interning.GetTypeInfo(typeof(Pod))));
        Console.WriteLine($"| {"whole pod, strings interned" + (shared ? "" : " (NOT applied)"),-42} | {whole.Length,10:N0} | {interned,10:N0} | {interned / whole.Length,15:N2} |");
    }

    private static double Retained(int count, Func<object?> decode)
    {
        var held = new object?[count];
        decode(); // warm-up
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < count; i++) held[i] = decode();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(held);
        return (after - before) / (double)count - IntPtr.Size; // minus the array slot
    }

    /// <summary>Returns one shared instance per distinct string value (values and property names).</summary>
    private sealed class InterningStringConverter : JsonConverter<string>
    {
        private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? null : Intern(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Intern(reader.GetString()!);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

        private string Intern(string s)
        {
            if (_pool.TryGetValue(s, out var existing)) return existing;
            _pool[s] = s;
            return s;
        }
    }
}
