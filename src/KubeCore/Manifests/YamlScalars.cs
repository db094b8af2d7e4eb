using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KubeCore.Manifests;

/// <summary>
/// Resolves plain (unquoted) YAML scalars the way sigs.k8s.io/yaml does (YAML 1.1 via go-yaml v2):
/// <c>yes</c>/<c>no</c>/<c>on</c>/<c>off</c>/<c>y</c>/<c>n</c> are booleans, <c>~</c> and empty are null,
/// integers accept <c>0x</c>, <c>0o</c>, <c>0b</c>, leading-zero octal and <c>_</c> separators, integers beyond 64 bits stay exact,
/// timestamps stay strings.
/// </summary>
internal static partial class YamlScalars
{
    private static readonly Dictionary<string, JsonNode?> Special = CreateSpecial();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();

    private static Dictionary<string, JsonNode?> CreateSpecial()
    {
        var map = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var s in new[] { "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" }) map[s] = JsonValue.Create(true);
        foreach (var s in new[] { "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF" }) map[s] = JsonValue.Create(false);
        foreach (var s in new[] { "", "~", "null", "Null", "NULL" }) map[s] = null;
        return map;
    }

    /// <summary>Whether a plain scalar with this text would be read back as something other than this string.</summary>
    public static bool NeedsQuoting(string text)
    {
        if (text.Length == 0) return true;
        if (Special.ContainsKey(text)) return true;
        if (text is ".nan" or ".NaN" or ".NAN" or ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF" or "<<") return true;
        var c = text[0];
        if (c is '.' or '+' or '-' or (>= '0' and <= '9'))
        {
            if (LooksLikeTimestamp(text)) return true;
            return TryResolveNumber(text, out _, out _);
        }
        return false;
    }

    /// <summary>Resolves a plain scalar to a JSON value (null for YAML null).</summary>
    /// <exception cref="FormatException">The scalar is NaN or infinity, which JSON cannot represent.</exception>
    public static JsonNode? ResolvePlain(string text)
    {
        if (Special.TryGetValue(text, out var special)) return special?.DeepClone();
        if (text is ".nan" or ".NaN" or ".NAN" or ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF")
            throw new FormatException($"unsupported value: {text} (JSON has no NaN or infinity)");
        var c = text[0];
        if (c is '.' or '+' or '-' or (>= '0' and <= '9'))
        {
            if (LooksLikeTimestamp(text)) return JsonValue.Create(text);
            if (TryResolveNumber(text, out var node, out var nonFinite))
            {
                if (nonFinite) throw new FormatException($"unsupported value: {text} (JSON has no NaN or infinity)");
                return node;
            }
        }
        return JsonValue.Create(text);
    }

    /// <summary>Resolves a scalar with an explicit standard tag (<c>!!int</c>, <c>!!bool</c>, …).</summary>
    public static JsonNode? ResolveTagged(string tag, string text) => tag switch
    {
        "tag:yaml.org,2002:str" or "tag:yaml.org,2002:binary" or "tag:yaml.org,2002:timestamp" => JsonValue.Create(text),
        "tag:yaml.org,2002:null" => null,
        "tag:yaml.org,2002:bool" or "tag:yaml.org,2002:int" or "tag:yaml.org,2002:float" => ResolvePlain(text),
        _ => JsonValue.Create(text),
    };

    /// <summary>Converts a resolved scalar map key to its JSON property name, as sigs.k8s.io/yaml does.</summary>
    public static string KeyToString(JsonNode? key, string raw) => key switch
    {
        null => throw new FormatException($"unsupported map key: null (\"{raw}\")"),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is System.Text.Json.JsonValueKind.True => "true",
        JsonValue v when v.GetValueKind() is System.Text.Json.JsonValueKind.False => "false",
        JsonValue v => FormatKeyNumber(v),
        _ => throw new FormatException($"unsupported map key \"{raw}\""),
    };

    private static string FormatKeyNumber(JsonValue v)
    {
        var text = v.ToJsonString();
        if (text.Contains('.', StringComparison.Ordinal) || text.Contains('e', StringComparison.OrdinalIgnoreCase))
        {
            var d = double.Parse(text, CultureInfo.InvariantCulture);
            return ((float)d).ToString("R", CultureInfo.InvariantCulture).Replace("E+", "e+", StringComparison.Ordinal).Replace("E-", "e-", StringComparison.Ordinal);
        }
        return text;
    }

    private static bool LooksLikeTimestamp(string text)
    {
        var i = 0;
        while (i < text.Length && text[i] is >= '0' and <= '9') i++;
        if (i != 4 || i == text.Length || text[i] != '-') return false;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);
    }

    private static bool TryResolveNumber(string text, out JsonNode? node, out bool nonFinite)
    {
        nonFinite = false;
        var plain = text.Replace("_", "", StringComparison.Ordinal);
        if (TryParseGoInteger(plain, out var big))
        {
            node = big >= long.MinValue && big <= long.MaxValue ? JsonValue.Create((long)big)
                : big >= 0 && big <= ulong.MaxValue ? JsonValue.Create((ulong)big)
                : JsonNode.Parse(big.ToString(CultureInfo.InvariantCulture));
            return true;
        }
        if (FloatPattern().IsMatch(plain) && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            if (double.IsInfinity(d)) { nonFinite = true; node = null; return true; }
            node = JsonNode.Parse(FormatGoFloat(d));
            return true;
        }
        node = null;
        return false;
    }

    /// <summary>Parses an integer with Go's <c>strconv.ParseInt(s, 0, 64)</c> prefixes (sign, 0x, 0o, 0b, leading-0 octal).</summary>
    private static bool TryParseGoInteger(string s, out BigInteger value)
    {
        value = default;
        if (s.Length == 0) return false;
        var negative = false;
        var i = 0;
        if (s[0] is '+' or '-') { negative = s[0] == '-'; i = 1; }
        if (i >= s.Length) return false;
        var radix = 10;
        if (s.Length - i > 1 && s[i] == '0')
        {
            switch (s[i + 1])
            {
                case 'x' or 'X': radix = 16; i += 2; break;
                case 'o' or 'O': radix = 8; i += 2; break;
                case 'b' or 'B': radix = 2; i += 2; break;
                default: radix = 8; i += 1; break;
            }
            if (i >= s.Length) return false;
        }
        BigInteger result = BigInteger.Zero;
        for (; i < s.Length; i++)
        {
            var digit = s[i] switch
            {
                >= '0' and <= '9' => s[i] - '0',
                >= 'a' and <= 'f' => s[i] - 'a' + 10,
                >= 'A' and <= 'F' => s[i] - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix) return false;
            result = result * radix + digit;
        }
        value = negative ? -result : result;
        return true;
    }

    /// <summary>Formats a double as Go's encoding/json does (shortest round-trip; exponent form outside [1e-6, 1e21)).</summary>
    internal static string FormatGoFloat(double d)
    {
        var r = d.ToString("R", CultureInfo.InvariantCulture);
        var abs = Math.Abs(d);
        var exponentForm = abs != 0 && (abs < 1e-6 || abs >= 1e21);
        var e = r.IndexOf('E', StringComparison.Ordinal);
        if (exponentForm)
        {
            if (e < 0) return r;
            var exp = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            return r[..e] + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString(CultureInfo.InvariantCulture);
        }
        if (e < 0) return r;
        // Expand "1.25E+20" / "1.5E-05" into plain decimal notation.
        var mantissa = r[..e];
        var exponent = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var negative = mantissa.StartsWith('-');
        if (negative) mantissa = mantissa[1..];
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var pointPos = (dot < 0 ? mantissa.Length : dot) + exponent;
        string result;
        if (pointPos <= 0) result = "0." + new string('0', -pointPos) + digits;
        else if (pointPos >= digits.Length) result = digits + new string('0', pointPos - digits.Length);
        else result = digits[..pointPos] + "." + digits[pointPos..];
        return negative ? "-" + result : result;
    }
}
