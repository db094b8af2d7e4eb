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
    public static bool IsDnsSubdomain(string? s)
    {
        if (string.IsNullOrEmpty(s) || s.Length > 253) return false;
        var span = s.AsSpan();
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
    public static void CheckDnsLabel(ref List<FieldError>? errs, string value, FieldPath path)
    {
        if (!IsDnsLabel(value)) Errors.AddInvalid(ref errs, path, value, NameValidation.IsDns1123Label(value));
    }

    /// <summary>Adds DNS-subdomain errors for <paramref name="value"/> at <paramref name="path"/>.</summary>
    public static void CheckDnsSubdomain(ref List<FieldError>? errs, string value, FieldPath path)
    {
        if (!IsDnsSubdomain(value)) Errors.AddInvalid(ref errs, path, value, NameValidation.IsDns1123Subdomain(value));
    }

    /// <summary>Adds qualified-name (label key) errors at <paramref name="path"/>.</summary>
    public static void CheckQualifiedName(ref List<FieldError>? errs, string value, FieldPath path)
    {
        if (value.IndexOf('/') < 0 && value.Length is > 0 and <= 63 && NameValidation.IsLabelToken(value)) return;
        Errors.AddInvalid(ref errs, path, value, NameValidation.IsQualifiedName(value));
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
    public static void CheckPortNumOrName(ref List<FieldError>? errs, Models.IntOrString port, FieldPath path)
    {
        if (!port.IsString)
        {
            if (!IsPortNumber(port.IntValue)) Errors.Add(ref errs, FieldError.Invalid(path, port.IntValue, PortRange));
            return;
        }
        Errors.AddInvalid(ref errs, path, port.StringValue, PortNameErrors(port.StringValue!));
    }

    /// <summary>Adds <c>must be greater than or equal to 0</c> when <paramref name="value"/> is negative.</summary>
    public static void CheckNonNegative(ref List<FieldError>? errs, long? value, FieldPath path)
    {
        if (value is < 0) Errors.Add(ref errs, FieldError.Invalid(path, value.Value, NonNegative));
    }

    /// <summary>Adds <c>Unsupported value</c> unless <paramref name="value"/> is one of <paramref name="allowed"/>; empty is Required.</summary>
    public static void CheckEnum(ref List<FieldError>? errs, string? value, FieldPath path, string[] allowed, bool required = true)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required) Errors.Add(ref errs, FieldError.Required(path, ""));
            return;
        }
        if (Array.IndexOf(allowed, value) < 0) Errors.Add(ref errs, FieldError.NotSupported(path, value, allowed));
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
