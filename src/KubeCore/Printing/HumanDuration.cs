using System.Globalization;
using KubeCore.Models;

namespace KubeCore.Printing;

/// <summary>
/// Short, rounded-down durations exactly as <c>k8s.io/apimachinery/pkg/util/duration.HumanDuration</c> writes them
/// (the AGE column): <c>45s</c>, <c>3m10s</c>, <c>70m</c>, <c>3h2m</c>, <c>47h</c>, <c>2d3h</c>, <c>367d</c>, <c>2y1d</c>, <c>8y</c>.
/// </summary>
public static class HumanDuration
{
    /// <summary>Formats <paramref name="duration"/>; up to 2s in the future counts as <c>0s</c> (clock skew), beyond that <c>&lt;invalid&gt;</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        // Go's int(d.Seconds()) truncates toward zero.
        var seconds = (long)duration.TotalSeconds;
        if (seconds < -1) return "<invalid>";
        if (seconds < 0) return "0s";
        if (seconds < 60 * 2) return Invariant($"{seconds}s");
        var minutes = duration.Ticks / TimeSpan.TicksPerMinute;
        if (minutes < 10)
        {
            var s = duration.Ticks / TimeSpan.TicksPerSecond % 60;
            return s == 0 ? Invariant($"{minutes}m") : Invariant($"{minutes}m{s}s");
        }
        if (minutes < 60 * 3) return Invariant($"{minutes}m");
        var hours = duration.Ticks / TimeSpan.TicksPerHour;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? Invariant($"{hours}h") : Invariant($"{hours}h{m}m");
        }
        if (hours < 48) return Invariant($"{hours}h");
        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? Invariant($"{hours / 24}d") : Invariant($"{hours / 24}d{h}h");
        }
        if (hours < 24 * 365 * 2) return Invariant($"{hours / 24}d");
        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? Invariant($"{hours / 24 / 365}y") : Invariant($"{hours / 24 / 365}y{dy}d");
        }
        return Invariant($"{hours / 24 / 365}y");
    }

    /// <summary>The age of something that happened at <paramref name="timestamp"/>, or <c>&lt;unknown&gt;</c> when it is unset.</summary>
    public static string Since(KubeTime? timestamp, DateTimeOffset now) =>
        timestamp is { } t ? Format(now - t.Value) : "<unknown>";

    /// <summary>The age of something that happened at <paramref name="timestamp"/>, or <c>&lt;unknown&gt;</c> when it is unset.</summary>
    public static string Since(MicroTime? timestamp, DateTimeOffset now) =>
        timestamp is { } t ? Format(now - t.Value) : "<unknown>";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
