using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;

namespace KubeCore.Controllers.CronJobs;

/// <summary>
/// A CronJob schedule as the controller reads it (robfig/cron's <c>ParseStandard</c>): five fields (minute hour
/// day-of-month month day-of-week), a descriptor (<c>@yearly</c>, <c>@annually</c>, <c>@monthly</c>, <c>@weekly</c>,
/// <c>@daily</c>, <c>@midnight</c>, <c>@hourly</c>, <c>@every &lt;duration&gt;</c>), optionally prefixed by
/// <c>TZ=&lt;zone&gt;</c> or <c>CRON_TZ=&lt;zone&gt;</c>. Field schedules are evaluated with Cronos in the zone.
/// </summary>
internal sealed partial class CronJobSchedule
{
    private readonly CronExpression? _cron;
    private readonly TimeSpan _every;

    private CronJobSchedule(CronExpression? cron, TimeSpan every, TimeZoneInfo zone)
    {
        _cron = cron;
        _every = every;
        Zone = zone;
    }

    /// <summary>The zone the schedule's fields are read in.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>Parses <paramref name="text"/>; a <c>TZ=</c> prefix overrides <paramref name="zone"/>.</summary>
    /// <exception cref="FormatException">The schedule does not parse; the message says why.</exception>
    public static CronJobSchedule Parse(string text, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spec = text.Trim();
        if (spec.Length == 0) throw new FormatException("empty spec string");
        if (spec.StartsWith("TZ=", StringComparison.Ordinal) || spec.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var eq = spec.IndexOf('=', StringComparison.Ordinal);
            var space = spec.IndexOf(' ', StringComparison.Ordinal);
            var name = space < 0 ? spec[(eq + 1)..] : spec[(eq + 1)..space];
            zone = FindZone(name) ?? throw new FormatException($"provided bad location {name}: unknown time zone {name}");
            spec = space < 0 ? "" : spec[(space + 1)..].Trim();
        }
        if (spec.StartsWith("@every ", StringComparison.Ordinal))
        {
            var every = ParseGoDuration(spec["@every ".Length..].Trim())
                ?? throw new FormatException($"failed to parse duration {spec}");
            return new CronJobSchedule(null, every < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : every, zone);
        }
        var expression = spec switch
        {
            "@yearly" or "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" or "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            _ when spec.StartsWith('@') => throw new FormatException("unrecognized descriptor: " + spec),
            _ => spec,
        };
        var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5) throw new FormatException($"expected exactly 5 fields, found {fields.Length}: [{string.Join(' ', fields)}]");
        try { return new CronJobSchedule(CronExpression.Parse(string.Join(' ', fields), CronFormat.Standard), TimeSpan.Zero, zone); }
        catch (CronFormatException e) { throw new FormatException(e.Message, e); }
    }

    /// <summary>The first scheduled time strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        if (_cron is null)
        {
            // robfig's ConstantDelaySchedule: whole seconds after the given time.
            var truncated = after.AddTicks(-(after.Ticks % TimeSpan.TicksPerSecond));
            return truncated + _every;
        }
        return _cron.GetNextOccurrence(after, Zone);
    }

    /// <summary>Finds an IANA zone (or UTC); null when unknown.</summary>
    public static TimeZoneInfo? FindZone(string name)
    {
        if (name is "UTC" or "") return TimeZoneInfo.Utc;
        return TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) ? zone : null;
    }

    [GeneratedRegex(@"^([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)")]
    private static partial Regex DurationPart();

    private static TimeSpan? ParseGoDuration(string s)
    {
        if (s == "0") return TimeSpan.Zero;
        if (s.Length == 0) return null;
        var total = TimeSpan.Zero;
        while (s.Length > 0)
        {
            var m = DurationPart().Match(s);
            if (!m.Success || m.Groups[1].Value is "" or "." ) return null;
            var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += m.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "s" => TimeSpan.FromSeconds(value),
                "ms" => TimeSpan.FromMilliseconds(value),
                "ns" => TimeSpan.FromTicks((long)(value / 100)),
                _ => TimeSpan.FromMicroseconds(value),
            };
            s = s[m.Length..];
        }
        return total;
    }
}
