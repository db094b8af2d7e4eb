using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>
/// A timestamp with microsecond precision (<c>metav1.MicroTime</c>), written as <c>2006-01-02T15:04:05.000000Z</c>;
/// used by Event <c>eventTime</c> and Lease <c>acquireTime</c>/<c>renewTime</c>.
/// </summary>
[JsonConverter(typeof(MicroTimeJsonConverter))]
public readonly record struct MicroTime(DateTimeOffset Value) : IComparable<MicroTime>
{
    /// <summary>Creates a timestamp truncated to microseconds in UTC.</summary>
    public static MicroTime FromDateTimeOffset(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new MicroTime(new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero));
    }

    /// <summary>Reads the current time from <paramref name="timeProvider"/>.</summary>
    public static MicroTime Now(TimeProvider timeProvider) => FromDateTimeOffset(timeProvider.GetUtcNow());

    /// <summary>Parses an RFC 3339 timestamp with optional fractional seconds.</summary>
    /// <exception cref="FormatException">The text is not an RFC 3339 timestamp.</exception>
    public static MicroTime Parse(string text) =>
        FromDateTimeOffset(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));

    /// <inheritdoc />
    public int CompareTo(MicroTime other) => Value.CompareTo(other.Value);

    /// <summary>Formats as RFC 3339 in UTC with six fractional digits.</summary>
    public override string ToString() => Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>JSON converter for <see cref="MicroTime"/>.</summary>
public sealed class MicroTimeJsonConverter : JsonConverter<MicroTime>
{
    /// <inheritdoc />
    public override MicroTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("timestamp must be a string");
        try { return MicroTime.Parse(text); }
        catch (FormatException e) { throw new JsonException($"invalid RFC 3339 timestamp \"{text}\"", e); }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, MicroTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
