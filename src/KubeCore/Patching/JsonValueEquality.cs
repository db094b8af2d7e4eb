using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeCore.Patching;

/// <summary>Deep equality of JSON values where numbers compare by value (<c>1</c> equals <c>1.0</c>), as Go's decoded JSON does.</summary>
public static class JsonValueEquality
{
    /// <summary>Whether the two values are equal JSON.</summary>
    public static bool Equal(JsonNode? left, JsonNode? right)
    {
        switch (left, right)
        {
            case (null, null):
                return true;
            case (null, _) or (_, null):
                return false;
            case (JsonObject a, JsonObject b):
                if (a.Count != b.Count) return false;
                foreach (var (name, value) in a)
                    if (!b.TryGetPropertyValue(name, out var other) || !Equal(value, other)) return false;
                return true;
            case (JsonArray a, JsonArray b):
                if (a.Count != b.Count) return false;
                for (var i = 0; i < a.Count; i++)
                    if (!Equal(a[i], b[i])) return false;
                return true;
            case (JsonValue a, JsonValue b):
                return ScalarEqual(a, b);
            default:
                return false;
        }
    }

    private static bool ScalarEqual(JsonValue a, JsonValue b)
    {
        var ka = a.GetValueKind();
        if (ka != b.GetValueKind()) return false;
        return ka switch
        {
            JsonValueKind.String => string.Equals(a.GetValue<string>(), b.GetValue<string>(), StringComparison.Ordinal),
            JsonValueKind.Number => NumberEqual(a, b),
            _ => true, // true, false and null carry no further data
        };
    }

    private static bool NumberEqual(JsonValue a, JsonValue b)
    {
        if (TryDecimal(a, out var da) && TryDecimal(b, out var db)) return da == db;
        return a.ToJsonString() == b.ToJsonString() || ToDouble(a).Equals(ToDouble(b));
    }

    private static bool TryDecimal(JsonValue v, out decimal d)
    {
        d = 0;
        try
        {
            return decimal.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out d);
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static double ToDouble(JsonValue v) =>
        double.Parse(v.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
}
