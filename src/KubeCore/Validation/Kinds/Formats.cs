using System.Globalization;

namespace KubeCore.Validation;

/// <summary>
/// Fast format checks that allocate nothing when the value is valid; on failure the callers ask
/// <see cref="NameValidation"/> (or the message helpers here) for Kubernetes' exact messages.
/// </summary>
internal static class Formats
{
    /// <summary>Kubernetes' message for a value that must be non-negative.</summary>
    public const string NonNegative = "must be greater than or equal to 0";
    /// <summary>Kubernetes' message for a quantity that must be positive.</summary>
    public const string Positive = "must be greater than zero";
    /// <summary>Kubernetes' message for a port number out of range.</summary>
    public const string PortRange = "must be between 1 and 65535, inclusive";
    /// <summary>Kubernetes' message for an immutable field.</summary>
    public const string Immutable = "field is immutable";

    private static bool IsLowerAlnum(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';

    /// <summary>Whether <paramref name="s"/> is an RFC 1123 label of at most 63 characters.</summary>
    public static bool IsDnsLabel(string? s)
    {
        if (string.IsNullOrEmpty(s) || s.Length > 63 || !IsLowerAlnum(s[0]) || !IsLowerAlnum(s[^1])) return false;
        foreach (var c in s) if (!(IsLowerAlnum(c) || c == '-')) return false;
        return true;
    }

    /// <summary>Whether <paramref name="s"/> is an RFC 1123 subdomain of at most 253 characters.</summary>
    public static bool IsDnsSubdomain(string? s) => s is not null && IsDnsSubdomain(s.AsSpan());

    /// <summary>Whether <paramref name="span"/> is an RFC 1123 subdomain of at most 253 characters.</summary>
    public static bool IsDnsSubdomain(ReadOnlySpan<char> span)
    {
        if (span.Length is 0 or > 253) return false;
        while (true)
        {
            var dot = span.IndexOf('.');
            var label = dot < 0 ? span : span[..dot];
            if (label.Length == 0 || !IsLowerAlnum(label[0]) || !IsLowerAlnum(label[^1])) return false;
            foreach (var c in label) if (!(IsLowerAlnum(c) || c == '-')) return false;
            if (dot < 0) return true;
            span = span[(dot + 1)..];
        }
    }

    /// <summary>Adds DNS-label errors for <paramref name="value"/> at <paramref name="path"/>.</summary>
    public static void CheckDnsLabel(ref List<FieldError>? errs, string value, LazyPath path)
    {
        if (!IsDnsLabel(value)) Errors.AddInvalid(ref errs, path.Build(), value, NameValidation.IsDns1123Label(value));
    }

    /// <summary>Adds DNS-subdomain errors for <paramref name="value"/> at <paramref name="path"/>.</summary>
    public static void CheckDnsSubdomain(ref List<FieldError>? errs, string value, LazyPath path)
    {
        if (!IsDnsSubdomain(value)) Errors.AddInvalid(ref errs, path.Build(), value, NameValidation.IsDns1123Subdomain(value));
    }

    /// <summary>Adds qualified-name (label key) errors at <paramref name="path"/>.</summary>
    public static void CheckQualifiedName(ref List<FieldError>? errs, string value, LazyPath path)
    {
        if (IsQualifiedName(value)) return;
        Errors.AddInvalid(ref errs, path.Build(), value, NameValidation.IsQualifiedName(value));
    }

    /// <summary>Whether <paramref name="value"/> is a qualified name (label key): an optional DNS subdomain prefix and '/', then a name.</summary>
    public static bool IsQualifiedName(string value)
    {
        var slash = value.IndexOf('/');
        var name = slash < 0 ? value.AsSpan() : value.AsSpan(slash + 1);
        if (slash >= 0 && (name.Contains('/') || !IsDnsSubdomain(value.AsSpan(0, slash)))) return false;
        return name.Length is > 0 and <= 63 && IsLabelToken(name);
    }

    private static bool IsAlnum(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';

    // ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
    private static bool IsLabelToken(ReadOnlySpan<char> s)
    {
        if (s.Length == 0 || !IsAlnum(s[0]) || !IsAlnum(s[^1])) return false;
        foreach (var c in s) if (!(IsAlnum(c) || c is '-' or '_' or '.')) return false;
        return true;
    }

    /// <summary>Whether every key of <paramref name="labels"/> is a qualified name and every value a label value.</summary>
    public static bool AreValidLabels(IReadOnlyDictionary<string, string> labels)
    {
        if (labels is Dictionary<string, string> d)
        {
            foreach (var kv in d) if (!IsLabel(kv.Key, kv.Value)) return false;
            return true;
        }
        foreach (var kv in labels) if (!IsLabel(kv.Key, kv.Value)) return false;
        return true;
    }

    private static bool IsLabel(string key, string value)
    {
        if (value.Length > 0 && !NameValidation.IsValidLabelValueFormat(value)) return false;
        var slash = key.IndexOf('/');
        if (slash < 0) return key.Length is > 0 and <= 63 && NameValidation.IsLabelToken(key);
        return IsQualifiedName(key);
    }

    /// <summary>The messages of <c>IsValidPortName</c> (an IANA service name), empty when valid.</summary>
    public static IReadOnlyList<string> PortNameErrors(string port)
    {
        var hasLetter = false;
        var charsetOk = port.Length > 0;
        foreach (var c in port)
        {
            if (c is >= 'a' and <= 'z') hasLetter = true;
            else if (!(c is >= '0' and <= '9' || c == '-')) charsetOk = false;
        }
        if (port.Length <= 15 && charsetOk && hasLetter && !port.Contains("--", StringComparison.Ordinal) && port[0] != '-' && port[^1] != '-')
            return Array.Empty<string>();
        var errs = new List<string>();
        if (port.Length > 15) errs.Add("must be no more than 15 characters");
        if (!charsetOk) errs.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        if (!hasLetter) errs.Add("must contain at least one letter (a-z)");
        if (port.Contains("--", StringComparison.Ordinal)) errs.Add("must not contain consecutive hyphens");
        if (port.Length > 0 && (port[0] == '-' || port[^1] == '-')) errs.Add("must not begin or end with a hyphen");
        return errs;
    }

    /// <summary>Whether <paramref name="port"/> is in 1–65535.</summary>
    public static bool IsPortNumber(int port) => port is >= 1 and <= 65535;

    /// <summary>Validates a port given by number or IANA name (<c>ValidatePortNumOrName</c>).</summary>
    public static void CheckPortNumOrName(ref List<FieldError>? errs, Models.IntOrString port, LazyPath path)
    {
        if (!port.IsString)
        {
            if (!IsPortNumber(port.IntValue)) Errors.Add(ref errs, FieldError.Invalid(path.Build(), port.IntValue, PortRange));
            return;
        }
        var msgs = PortNameErrors(port.StringValue!);
        if (msgs.Count > 0) Errors.AddInvalid(ref errs, path.Build(), port.StringValue, msgs);
    }

    /// <summary>Adds <c>must be greater than or equal to 0</c> when <paramref name="value"/> is negative.</summary>
    public static void CheckNonNegative(ref List<FieldError>? errs, long? value, LazyPath path)
    {
        if (value is < 0) Errors.Add(ref errs, FieldError.Invalid(path.Build(), value.Value, NonNegative));
    }

    /// <summary>Adds <c>Unsupported value</c> unless <paramref name="value"/> is one of <paramref name="allowed"/>; empty is Required.</summary>
    public static void CheckEnum(ref List<FieldError>? errs, string? value, LazyPath path, string[] allowed, bool required = true)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required) Errors.Add(ref errs, FieldError.Required(path.Build(), ""));
            return;
        }
        if (Array.IndexOf(allowed, value) < 0) Errors.Add(ref errs, FieldError.NotSupported(path.Build(), value, allowed));
    }

    /// <summary>Messages for a config map / secret key (<c>IsConfigMapKey</c>), empty when valid.</summary>
    public static IReadOnlyList<string> ConfigKeyErrors(string key)
    {
        var charsetOk = key.Length > 0;
        foreach (var c in key)
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' || c is '-' or '_' or '.')) { charsetOk = false; break; }
        var chdir = key == "." || key == ".." || key.StartsWith("..", StringComparison.Ordinal);
        if (key.Length <= 253 && charsetOk && !chdir) return Array.Empty<string>();
        var errs = new List<string>();
        if (key.Length > 253) errs.Add("must be no more than 253 characters");
        if (!charsetOk)
            errs.Add(NameValidation.RegexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", "[-._a-zA-Z0-9]+", "key.name", "KEY_NAME", "key-name"));
        if (key == ".") errs.Add("must not be '.'");
        else if (key == "..") errs.Add("must not be '..'");
        else if (key.StartsWith("..", StringComparison.Ordinal)) errs.Add("must not start with '..'");
        return errs;
    }

    /// <summary>Messages for a path segment name (<c>IsValidPathSegmentName</c>), empty when valid.</summary>
    public static IReadOnlyList<string> PathSegmentErrors(string name)
    {
        if (name == "." || name == "..") return [$"may not be '{name}'"];
        var errs = new List<string>(0);
        foreach (var illegal in (string[])["/", "%"])
            if (name.Contains(illegal, StringComparison.Ordinal)) errs.Add($"may not contain '{illegal}'");
        return errs;
    }

    /// <summary>Formats an integer as Kubernetes does in messages.</summary>
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
