using System.Text;

namespace KubeCore.Validation;

/// <summary>
/// Kubernetes' name and label format checks (<c>k8s.io/apimachinery/pkg/util/validation</c>); each returns the
/// list of upstream error messages, empty when the value is valid.
/// </summary>
public static class NameValidation
{
    /// <summary>Maximum length of an RFC 1123 label.</summary>
    public const int Dns1123LabelMaxLength = 63;
    /// <summary>Maximum length of an RFC 1123 subdomain.</summary>
    public const int Dns1123SubdomainMaxLength = 253;
    /// <summary>Maximum length of an RFC 1035 label.</summary>
    public const int Dns1035LabelMaxLength = 63;
    /// <summary>Maximum length of a label value and of the name part of a qualified name.</summary>
    public const int LabelValueMaxLength = 63;

    private const string Dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123LabelErrMsg = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private const string Dns1123SubdomainFmt = Dns1123LabelFmt + "(\\." + Dns1123LabelFmt + ")*";
    private const string Dns1123SubdomainErrMsg = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private const string Dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1035LabelErrMsg = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    private const string QualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string QualifiedNameErrMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string LabelValueFmt = "(" + QualifiedNameFmt + ")?";
    private const string LabelValueErrMsg = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    /// <summary>Checks an RFC 1123 label (≤ 63 characters, e.g. a namespace name).</summary>
    public static IReadOnlyList<string> IsDns1123Label(string value)
    {
        if (value.Length <= Dns1123LabelMaxLength && IsLabel1123(value)) return [];
        var errs = new List<string>();
        if (ByteLength(value) > Dns1123LabelMaxLength) errs.Add(MaxLenError(Dns1123LabelMaxLength, "characters"));
        if (!IsLabel1123(value))
        {
            errs.Add(IsSubdomain1123(value)
                ? "must not contain dots"
                : RegexError(Dns1123LabelErrMsg, Dns1123LabelFmt, "my-name", "123-abc"));
        }
        return errs;
    }

    /// <summary>Checks an RFC 1123 subdomain (≤ 253 characters, e.g. most object names).</summary>
    public static IReadOnlyList<string> IsDns1123Subdomain(string value) => IsDns1123Subdomain(value, "characters");

    /// <summary>Checks an RFC 1035 label (≤ 63 characters, starting with a letter, e.g. service names).</summary>
    public static IReadOnlyList<string> IsDns1035Label(string value)
    {
        if (value.Length <= Dns1035LabelMaxLength && IsLabel1035(value)) return [];
        var errs = new List<string>();
        if (ByteLength(value) > Dns1035LabelMaxLength) errs.Add(MaxLenError(Dns1035LabelMaxLength, "characters"));
        if (!IsLabel1035(value)) errs.Add(RegexError(Dns1035LabelErrMsg, Dns1035LabelFmt, "my-name", "abc-123"));
        return errs;
    }

    /// <summary>Checks a qualified name (label or annotation key): an optional DNS subdomain prefix and '/', then a name.</summary>
    public static IReadOnlyList<string> IsQualifiedName(string value)
    {
        if (IsValidQualifiedNameFast(value)) return [];
        var errs = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                var prefix = parts[0];
                name = parts[1];
                if (prefix.Length == 0) errs.Add("prefix part must be non-empty");
                else foreach (var m in IsDns1123Subdomain(prefix, "bytes")) errs.Add("prefix part " + m);
                break;
            default:
                errs.Add("a valid label key " + RegexError(QualifiedNameErrMsg, QualifiedNameFmt, "MyName", "my.name", "123-abc") +
                         " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errs;
        }
        if (name.Length == 0) errs.Add("name part must be non-empty");
        else if (ByteLength(name) > LabelValueMaxLength) errs.Add("name part " + MaxLenError(LabelValueMaxLength, "bytes"));
        if (!IsLabelToken(name)) errs.Add("name part " + RegexError(QualifiedNameErrMsg, QualifiedNameFmt, "MyName", "my.name", "123-abc"));
        return errs;
    }

    /// <summary>Checks a label value: empty, or ≤ 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric.</summary>
    public static IReadOnlyList<string> IsValidLabelValue(string value)
    {
        if (IsValidLabelValueFormat(value)) return [];
        var errs = new List<string>();
        if (ByteLength(value) > LabelValueMaxLength) errs.Add(MaxLenError(LabelValueMaxLength, "bytes"));
        if (value.Length != 0 && !IsLabelToken(value)) errs.Add(RegexError(LabelValueErrMsg, LabelValueFmt, "MyValue", "my_value", "12345"));
        return errs;
    }

    /// <summary>Whether <paramref name="value"/> is a qualified name (label or annotation key).</summary>
    public static bool IsValidQualifiedName(string value) => IsValidQualifiedNameFast(value);

    // The common, valid case without allocating; anything unusual goes through the error-reporting path.
    private static bool IsValidQualifiedNameFast(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return value.Length <= LabelValueMaxLength && IsLabelToken(value);
        var prefix = value.AsSpan(0, slash);
        var name = value.AsSpan(slash + 1);
        return prefix.Length is > 0 and <= Dns1123SubdomainMaxLength && IsSubdomain1123(prefix) &&
               name.Length is > 0 and <= LabelValueMaxLength && name.IndexOf('/') < 0 && IsLabelToken(name);
    }

    /// <summary>Whether <paramref name="value"/> is a valid label value.</summary>
    public static bool IsValidLabelValueFormat(string value) =>
        value.Length == 0 || (value.Length <= LabelValueMaxLength && IsLabelToken(value));

    private static IReadOnlyList<string> IsDns1123Subdomain(string value, string unit)
    {
        if (value.Length <= Dns1123SubdomainMaxLength && IsSubdomain1123(value)) return [];
        var errs = new List<string>();
        if (ByteLength(value) > Dns1123SubdomainMaxLength) errs.Add(MaxLenError(Dns1123SubdomainMaxLength, unit));
        if (!IsSubdomain1123(value)) errs.Add(RegexError(Dns1123SubdomainErrMsg, Dns1123SubdomainFmt, "example.com"));
        return errs;
    }

    internal static string MaxLenError(int length, string unit) => $"must be no more than {length} {unit}";

    internal static string RegexError(string msg, string fmt, params string[] examples)
    {
        if (examples.Length == 0) return msg + " (regex used for validation is '" + fmt + "')";
        var sb = new StringBuilder(msg).Append(" (e.g. ");
        for (var i = 0; i < examples.Length; i++)
        {
            if (i > 0) sb.Append(" or ");
            sb.Append('\'').Append(examples[i]).Append("', ");
        }
        return sb.Append("regex used for validation is '").Append(fmt).Append("')").ToString();
    }

    private static int ByteLength(string s) => Encoding.UTF8.GetByteCount(s);

    private static bool IsLowerAlnum(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';
    private static bool IsAlnum(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';

    // [a-z0-9]([-a-z0-9]*[a-z0-9])?
    private static bool IsLabel1123(ReadOnlySpan<char> s)
    {
        if (s.Length == 0 || !IsLowerAlnum(s[0]) || !IsLowerAlnum(s[^1])) return false;
        foreach (var c in s) if (!(IsLowerAlnum(c) || c == '-')) return false;
        return true;
    }

    private static bool IsSubdomain1123(ReadOnlySpan<char> span)
    {
        if (span.Length == 0) return false;
        while (true)
        {
            var dot = span.IndexOf('.');
            if (dot < 0) return IsLabel1123(span);
            if (!IsLabel1123(span[..dot])) return false;
            span = span[(dot + 1)..];
        }
    }

    // [a-z]([-a-z0-9]*[a-z0-9])?
    private static bool IsLabel1035(string s) =>
        s.Length > 0 && s[0] is >= 'a' and <= 'z' && IsLabel1123(s);

    // ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
    internal static bool IsLabelToken(ReadOnlySpan<char> s)
    {
        if (s.Length == 0 || !IsAlnum(s[0]) || !IsAlnum(s[^1])) return false;
        foreach (var c in s) if (!(IsAlnum(c) || c is '-' or '_' or '.')) return false;
        return true;
    }
}
