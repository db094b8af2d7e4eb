using System.Globalization;

namespace KubeCore.Validation;

/// <summary>
/// Checks a cron schedule the way the CronJob API does (robfig/cron <c>ParseStandard</c>): five fields
/// (minute hour day-of-month month day-of-week) or a descriptor such as <c>@hourly</c> or <c>@every 1h</c>.
/// </summary>
internal static class CronSchedule
{
    private static readonly string[] Descriptors = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] Days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// <summary>The parser's error for <paramref name="spec"/>, or null when it parses.</summary>
    public static string? Check(string spec)
    {
        if (spec.Length == 0) return "empty spec string";
        if (spec.StartsWith("TZ=", StringComparison.Ordinal) || spec.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = spec.IndexOf(' ', StringComparison.Ordinal);
            var zone = space < 0 ? spec[(spec.IndexOf('=', StringComparison.Ordinal) + 1)..] : spec[(spec.IndexOf('=', StringComparison.Ordinal) + 1)..space];
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _)) return "provided bad location " + zone + ": unknown time zone " + zone;
            spec = space < 0 ? "" : spec[(space + 1)..].TrimStart();
        }
        if (spec.StartsWith('@'))
        {
            if (Array.IndexOf(Descriptors, spec) >= 0) return null;
            const string every = "@every ";
            if (spec.StartsWith(every, StringComparison.Ordinal))
                return IsGoDuration(spec[every.Length..]) ? null : $"failed to parse duration {spec}: time: invalid duration {FieldError.GoQuote(spec[every.Length..])}";
            return "unrecognized descriptor: " + spec;
        }
        var fields = spec.Split([' ', '\t', '\n', '\r', '\v', '\f'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5) return $"expected exactly 5 fields, found {fields.Length}: [{string.Join(' ', fields)}]";
        return CheckField(fields[0], 0, 59, null) ?? CheckField(fields[1], 0, 23, null) ?? CheckField(fields[2], 1, 31, null)
            ?? CheckField(fields[3], 1, 12, Months) ?? CheckField(fields[4], 0, 6, Days);
    }

    private static string? CheckField(string field, int min, int max, string[]? names)
    {
        foreach (var expr in field.Split(','))
            if (CheckRange(expr, min, max, names) is { } err) return err;
        return null;
    }

    private static string? CheckRange(string expr, int min, int max, string[]? names)
    {
        var rangeAndStep = expr.Split('/');
        var lowAndHigh = rangeAndStep[0].Split('-');
        var single = lowAndHigh.Length == 1;
        int start, end;
        if (lowAndHigh[0] is "*" or "?")
        {
            start = min;
            end = max;
        }
        else
        {
            if (ParseIntOrName(lowAndHigh[0], names, out start) is { } e1) return e1;
            switch (lowAndHigh.Length)
            {
                case 1: end = start; break;
                case 2:
                    if (ParseIntOrName(lowAndHigh[1], names, out end) is { } e2) return e2;
                    break;
                default: return "too many hyphens: " + expr;
            }
        }
        switch (rangeAndStep.Length)
        {
            case 1: break;
            case 2:
                if (ParseInt(rangeAndStep[1], out var step) is { } e3) return e3;
                if (single) end = max;
                if (step == 0) return "step of range should be a positive number: " + expr;
                break;
            default: return "too many slashes: " + expr;
        }
        if (start < min) return $"beginning of range ({start}) below minimum ({min}): {expr}";
        if (end > max) return $"end of range ({end}) above maximum ({max}): {expr}";
        if (start > end) return $"beginning of range ({start}) beyond end of range ({end}): {expr}";
        return null;
    }

    private static string? ParseIntOrName(string expr, string[]? names, out int value)
    {
        if (names is not null)
        {
            var i = Array.IndexOf(names, expr.ToLowerInvariant());
            if (i >= 0)
            {
                value = names == Months ? i + 1 : i;
                return null;
            }
        }
        return ParseInt(expr, out value);
    }

    private static string? ParseInt(string expr, out int value)
    {
        if (!int.TryParse(expr, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
            return $"failed to parse int from {expr}: strconv.Atoi: parsing {FieldError.GoQuote(expr)}: invalid syntax";
        return value < 0 ? $"negative number ({value}) not allowed: {expr}" : null;
    }

    // Go's time.ParseDuration: a sequence of decimal numbers with units ns, us, µs, ms, s, m, h.
    private static bool IsGoDuration(string s)
    {
        if (s.Length == 0) return false;
        if (s[0] is '+' or '-') s = s[1..];
        if (s == "0") return true;
        if (s.Length == 0) return false;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (i == start) return false;
            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.') i++;
            if (s[unitStart..i] is not ("ns" or "us" or "µs" or "μs" or "ms" or "s" or "m" or "h")) return false;
        }
        return true;
    }
}
