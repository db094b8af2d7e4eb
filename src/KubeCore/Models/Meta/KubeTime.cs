using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>
/// A Kubernetes timestamp (<c>metav1.Time</c>): RFC 3339 with second precision on the wire
/// (<c>2025-01-02T03:04:05Z</c>); fractional seconds are accepted on input and truncated, as the API server does.
/// </summary>
[JsonConverter(typeof(KubeTimeJsonConverter))]
public readonly record struct KubeTime(DateTimeOffset Value) : IComparable<KubeTime>
{
    /// <summary>Creates a timestamp truncated to whole seconds in UTC, as Kubernetes stores it.</summary>
    public static KubeTime FromDateTimeOffset(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new KubeTime(new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero));
    }

    /// <summary>Reads the current time from <paramref name="timeProvider"/>, truncated to seconds.</summary>
    public static KubeTime Now(TimeProvider timeProvider) => FromDateTimeOffset(timeProvider.GetUtcNow());

    /// <summary>Parses an RFC 3339 timestamp.</summary>
    /// <exception cref="FormatException">The text is not an RFC 3339 timestamp.</exception>
    public static KubeTime Parse(string text) =>
        FromDateTimeOffset(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));

    /// <inheritdoc />
    public int CompareTo(KubeTime other) => Value.CompareTo(other.Value);

    /// <summary>Formats as RFC 3339 in UTC with second precision.</summary>
    public override string ToString() => Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Converts to <see cref="DateTimeOffset"/>.</summary>
    public static implicit operator DateTimeOffset(KubeTime time) => time.Value;

    /// <summary>Orders two timestamps.</summary>
    public static bool operator <(KubeTime left, KubeTime right) => left.CompareTo(right) < 0;
    /// <summary>Orders two timestamps.</summary>
    public static bool operator >(KubeTime left, KubeTime right) => left.CompareTo(right) > 0;
    /// <summary>Orders two timestamps.</summary>
    public static bool operator <=(KubeTime left, KubeTime right) => left.CompareTo(right) <= 0;
    /// <summary>Orders two timestamps.</summary>
    public static bool operator >=(KubeTime left, KubeTime right) => left.CompareTo(right) >= 0;
}

/// <summary>JSON converter for <see cref="KubeTime"/>.</summary>
public sealed class KubeTimeJsonConverter : JsonConverter<KubeTime>
{
    /// <inheritdoc />
    public override KubeTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("timestamp must be a string");
        try { return KubeTime.Parse(text); }
        catch (FormatException e) { throw new JsonException($"invalid RFC 3339 timestamp \"{text}\"", e); }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, KubeTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
