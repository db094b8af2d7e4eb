using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeCore.Api;

namespace KubeCore.ApiServer.Protobuf;

/// <summary>
/// Decodes Kubernetes' protobuf encoding (<c>application/vnd.kubernetes.protobuf</c>) of the kinds in
/// <see cref="ProtobufSchema.Roots"/> into the JSON a JSON client would have sent: the <c>k8s\0</c> magic, then a
/// <c>runtime.Unknown</c> envelope whose typeMeta names the kind and whose raw bytes are the object's message.
/// </summary>
/// <remarks>
/// Go's protobuf marshaller writes a non-pointer field even when it holds its zero value, where JSON would omit it;
/// such zero values are dropped, while a pointer field's zero value (<c>replicas: 0</c>) is kept. Fields whose
/// numbers the schema does not know are skipped, as kube-apiserver's decoder does.
/// </remarks>
internal static class ProtobufDecoder
{
    /// <summary>The media type of Kubernetes' protobuf encoding.</summary>
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    private const int MaxDepth = 64;

    /// <summary>Decodes a protobuf request body into a JSON object with apiVersion and kind.</summary>
    /// <exception cref="BadRequestException">The body is not a well-formed Kubernetes protobuf object.</exception>
    /// <exception cref="KubeCore.Api.NotSupportedException">415: the body holds a kind KubeCore does not decode from protobuf.</exception>
    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
            throw ApiErrors.BadRequest("the body of the request is not a Kubernetes protobuf object: it does not start with the \"k8s\\x00\" prefix");
        string apiVersion = "", kind = "", contentEncoding = "", contentType = "";
        ReadOnlySpan<byte> raw = default;
        try
        {
            var reader = new ProtobufReader(body[Magic.Length..]);
            while (!reader.End)
            {
                var (number, type) = reader.ReadTag();
                if (type != WireType.LengthDelimited) { reader.Skip(type); continue; }
                var value = reader.ReadLengthDelimited();
                switch (number)
                {
                    case 1:
                        var typeMeta = new ProtobufReader(value);
                        while (!typeMeta.End)
                        {
                            var (n, t) = typeMeta.ReadTag();
                            if (t != WireType.LengthDelimited) { typeMeta.Skip(t); continue; }
                            var text = Utf8(typeMeta.ReadLengthDelimited());
                            if (n == 1) apiVersion = text;
                            else if (n == 2) kind = text;
                        }
                        break;
                    case 2: raw = value; break;
                    case 3: contentEncoding = Utf8(value); break;
                    case 4: contentType = Utf8(value); break;
                }
            }
        }
        catch (FormatException e)
        {
            throw ApiErrors.BadRequest($"the protobuf body of the request could not be decoded: {e.Message}");
        }

        if (contentEncoding.Length > 0)
            throw ApiErrors.UnsupportedMediaType($"the protobuf body of the request has content encoding \"{contentEncoding}\"; only unencoded bodies are supported");
        if (contentType.Length > 0 && contentType != MediaType)
            throw ApiErrors.UnsupportedMediaType($"the protobuf envelope of the request holds content of type \"{contentType}\"; only {MediaType} is supported");
        if (kind.Length == 0 || apiVersion.Length == 0)
            throw ApiErrors.BadRequest("the protobuf body of the request does not name its apiVersion and kind");
        if (!ProtobufSchema.TryGetRoot(apiVersion, kind, out var message))
            throw ApiErrors.UnsupportedMediaType(
                $"KubeCore does not decode {apiVersion} {kind} from {MediaType}; send it as application/json (protobuf bodies are accepted for: {SupportedKinds})");

        var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        try
        {
            DecodeMessage(raw, message, result, 0);
        }
        catch (FormatException e)
        {
            throw ApiErrors.BadRequest($"the protobuf body of the request could not be decoded as {apiVersion} {kind}: {e.Message}");
        }
        return result;
    }

    /// <summary>The kinds accepted as protobuf, for error messages.</summary>
    public static string SupportedKinds { get; } = string.Join(", ", ProtobufSchema.Roots.Keys
        .OrderBy(k => k.ApiVersion, StringComparer.Ordinal).ThenBy(k => k.Kind, StringComparer.Ordinal).Select(k => $"{k.ApiVersion} {k.Kind}"));

    private static void DecodeMessage(ReadOnlySpan<byte> data, string message, JsonObject target, int depth)
    {
        if (depth > MaxDepth) throw new FormatException("messages nested too deeply");
        if (!ProtobufSchema.Messages.TryGetValue(message, out var fields)) throw new FormatException($"no schema for message {message}");
        var reader = new ProtobufReader(data);
        while (!reader.End)
        {
            var (number, type) = reader.ReadTag();
            if (!fields.TryGetValue(number, out var field))
            {
                reader.Skip(type);
                continue;
            }
            if (field.Kind == FieldKind.Map)
            {
                Expect(field, type, WireType.LengthDelimited, message);
                var (key, value) = DecodeMapEntry(reader.ReadLengthDelimited(), field, message, depth);
                var map = target[field.JsonName] as JsonObject ?? (JsonObject)(target[field.JsonName] = new JsonObject());
                map[key] = value;
                continue;
            }
            if (field.Inline)
            {
                Expect(field, type, WireType.LengthDelimited, message);
                DecodeMessage(reader.ReadLengthDelimited(), field.Message!, target, depth + 1);
                continue;
            }
            if (field.Repeated)
            {
                var array = target[field.JsonName] as JsonArray ?? (JsonArray)(target[field.JsonName] = new JsonArray());
                if (type == WireType.LengthDelimited && IsPackable(field.Kind))
                {
                    // A packed repeated scalar: the values back to back in one length-delimited payload.
                    var packed = new ProtobufReader(reader.ReadLengthDelimited());
                    while (!packed.End) array.Add(ReadValue(ref packed, field, ScalarWireType(field.Kind), message, depth, keepZero: true));
                }
                else array.Add(ReadValue(ref reader, field, type, message, depth, keepZero: true));
                continue;
            }
            if (field.Kind == FieldKind.Message && target[field.JsonName] is JsonObject existing)
            {
                // A message field seen twice merges, as protobuf specifies.
                Expect(field, type, WireType.LengthDelimited, message);
                DecodeMessage(reader.ReadLengthDelimited(), field.Message!, existing, depth + 1);
                continue;
            }
            var node = ReadValue(ref reader, field, type, message, depth, keepZero: field.Pointer);
            if (node is null) target.Remove(field.JsonName);
            else target[field.JsonName] = node;
        }
    }

    private static (string Key, JsonNode? Value) DecodeMapEntry(ReadOnlySpan<byte> data, FieldSchema map, string message, int depth)
    {
        var reader = new ProtobufReader(data);
        JsonNode? key = null, value = null;
        while (!reader.End)
        {
            var (number, type) = reader.ReadTag();
            if (number == 1) key = ReadValue(ref reader, map.MapKey!, type, message, depth, keepZero: true);
            else if (number == 2) value = ReadValue(ref reader, map.MapValue!, type, message, depth, keepZero: true);
            else reader.Skip(type);
        }
        // A missing key or value is its type's zero value.
        var keyText = key is null ? "" : key.GetValueKind() == JsonValueKind.String ? key.GetValue<string>() : key.ToJsonString();
        return (keyText, value ?? ZeroValue(map.MapValue!));
    }

    private static JsonNode? ZeroValue(FieldSchema field) => field.Kind switch
    {
        FieldKind.String or FieldKind.Bytes or FieldKind.Quantity => JsonValue.Create(""),
        FieldKind.Int32 or FieldKind.Int64 or FieldKind.UInt32 or FieldKind.UInt64 or FieldKind.Double or FieldKind.Float => JsonValue.Create(0),
        FieldKind.Bool => JsonValue.Create(false),
        FieldKind.Message => new JsonObject(),
        _ => null,
    };

    private static bool IsPackable(FieldKind kind) => kind is FieldKind.Int32 or FieldKind.Int64 or FieldKind.UInt32 or FieldKind.UInt64
        or FieldKind.Bool or FieldKind.Double or FieldKind.Float;

    private static WireType ScalarWireType(FieldKind kind) => kind switch
    {
        FieldKind.Double => WireType.Fixed64,
        FieldKind.Float => WireType.Fixed32,
        FieldKind.Int32 or FieldKind.Int64 or FieldKind.UInt32 or FieldKind.UInt64 or FieldKind.Bool => WireType.Varint,
        _ => WireType.LengthDelimited,
    };

    private static void Expect(FieldSchema field, WireType actual, WireType expected, string message)
    {
        if (actual != expected)
            throw new FormatException($"field {field.Number} ({field.JsonName}) of {message} has wire type {(int)actual}, expected {(int)expected}");
    }

    /// <summary>Reads one value; null means "absent" (a non-pointer field's zero value unless <paramref name="keepZero"/>).</summary>
    private static JsonNode? ReadValue(ref ProtobufReader reader, FieldSchema field, WireType type, string message, int depth, bool keepZero)
    {
        Expect(field, type, ScalarWireType(field.Kind), message);
        switch (field.Kind)
        {
            case FieldKind.String:
            {
                var text = Utf8(reader.ReadLengthDelimited());
                return text.Length == 0 && !keepZero ? null : JsonValue.Create(text);
            }
            case FieldKind.Bytes:
            {
                var bytes = reader.ReadLengthDelimited();
                return bytes.Length == 0 && !keepZero ? null : JsonValue.Create(Convert.ToBase64String(bytes));
            }
            case FieldKind.Int32:
            {
                var v = unchecked((int)(long)reader.ReadVarint());
                return v == 0 && !keepZero ? null : JsonValue.Create(v);
            }
            case FieldKind.Int64:
            {
                var v = unchecked((long)reader.ReadVarint());
                return v == 0 && !keepZero ? null : JsonValue.Create(v);
            }
            case FieldKind.UInt32:
            {
                var v = unchecked((uint)reader.ReadVarint());
                return v == 0 && !keepZero ? null : JsonValue.Create(v);
            }
            case FieldKind.UInt64:
            {
                var v = reader.ReadVarint();
                return v == 0 && !keepZero ? null : JsonValue.Create(v);
            }
            case FieldKind.Bool:
            {
                var v = reader.ReadVarint() != 0;
                return !v && !keepZero ? null : JsonValue.Create(v);
            }
            case FieldKind.Double:
            {
                var v = BitConverter.UInt64BitsToDouble(reader.ReadFixed64());
                if (!double.IsFinite(v)) throw new FormatException($"field {field.JsonName} of {message} is not a finite number");
                return v == 0 && !keepZero ? null : JsonValue.Create(v);
            }
            case FieldKind.Float:
            {
                var v = BitConverter.UInt32BitsToSingle(reader.ReadFixed32());
                if (!float.IsFinite(v)) throw new FormatException($"field {field.JsonName} of {message} is not a finite number");
                return v == 0 && !keepZero ? null : JsonValue.Create(v);
            }
            case FieldKind.Message:
            {
                var obj = new JsonObject();
                DecodeMessage(reader.ReadLengthDelimited(), field.Message!, obj, depth + 1);
                return obj;
            }
            case FieldKind.Time:
            case FieldKind.MicroTime:
                return ReadTime(reader.ReadLengthDelimited(), field.Kind == FieldKind.MicroTime);
            case FieldKind.Quantity:
            {
                var text = "";
                var inner = new ProtobufReader(reader.ReadLengthDelimited());
                while (!inner.End)
                {
                    var (n, t) = inner.ReadTag();
                    if (n == 1 && t == WireType.LengthDelimited) text = Utf8(inner.ReadLengthDelimited());
                    else inner.Skip(t);
                }
                return text.Length == 0 && !keepZero ? null : JsonValue.Create(text);
            }
            case FieldKind.IntOrString:
            {
                long kind = 0;
                var intVal = 0;
                var strVal = "";
                var inner = new ProtobufReader(reader.ReadLengthDelimited());
                while (!inner.End)
                {
                    var (n, t) = inner.ReadTag();
                    if (n == 1 && t == WireType.Varint) kind = unchecked((long)inner.ReadVarint());
                    else if (n == 2 && t == WireType.Varint) intVal = unchecked((int)(long)inner.ReadVarint());
                    else if (n == 3 && t == WireType.LengthDelimited) strVal = Utf8(inner.ReadLengthDelimited());
                    else inner.Skip(t);
                }
                if (kind == 1) return strVal.Length == 0 && !keepZero ? null : JsonValue.Create(strVal);
                return intVal == 0 && !keepZero ? null : JsonValue.Create(intVal);
            }
            case FieldKind.RawJson:
            {
                ReadOnlySpan<byte> raw = default;
                var inner = new ProtobufReader(reader.ReadLengthDelimited());
                while (!inner.End)
                {
                    var (n, t) = inner.ReadTag();
                    if (n == 1 && t == WireType.LengthDelimited) raw = inner.ReadLengthDelimited();
                    else inner.Skip(t);
                }
                if (raw.IsEmpty) return null;
                try { return JsonNode.Parse(raw); }
                catch (JsonException e) { throw new FormatException($"field {field.JsonName} of {message} does not hold JSON: {e.Message}"); }
            }
            default:
                throw new FormatException($"field {field.JsonName} of {message} has an unsupported type");
        }
    }

    private static JsonNode? ReadTime(ReadOnlySpan<byte> data, bool micro)
    {
        long seconds = 0;
        var nanos = 0;
        var reader = new ProtobufReader(data);
        while (!reader.End)
        {
            var (n, t) = reader.ReadTag();
            if (n == 1 && t == WireType.Varint) seconds = unchecked((long)reader.ReadVarint());
            else if (n == 2 && t == WireType.Varint) nanos = unchecked((int)(long)reader.ReadVarint());
            else reader.Skip(t);
        }
        // Go's zero time.Time marshals as seconds=-62135596800 (year 1) or as an empty message; JSON writes null.
        if ((seconds == 0 && nanos == 0) || seconds == -62135596800) return null;
        if (seconds < -62135596800 || seconds > 253402300799 || nanos is < 0 or > 999_999_999)
            throw new FormatException($"time {seconds}s {nanos}ns is out of range");
        var time = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return micro
            ? JsonValue.Create(time.AddTicks(nanos / 100).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture))
            : JsonValue.Create(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }

    private static string Utf8(ReadOnlySpan<byte> bytes)
    {
        try { return s_strictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { throw new FormatException("a string field is not valid UTF-8"); }
    }

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
