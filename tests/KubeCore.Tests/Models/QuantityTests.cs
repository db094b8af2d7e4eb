using System.Text.Json;
using KubeCore.Models;

namespace KubeCore.Tests.Models;

public class QuantityTests
{
    // Input → canonical output, as Kubernetes' quantity_test.go (TestQuantityParse/String/ParseEmit) expects.
    [Theory]
    [InlineData("0", "0")]
    [InlineData("0n", "0")]
    [InlineData("0Ki", "0")]
    [InlineData("1", "1")]
    [InlineData("1Ki", "1Ki")]
    [InlineData("8Ki", "8Ki")]
    [InlineData("7Mi", "7Mi")]
    [InlineData("1024Mi", "1Gi")]
    [InlineData("1.5Gi", "1536Mi")]
    [InlineData("1000M", "1G")]
    [InlineData("5n", "5n")]
    [InlineData("4u", "4u")]
    [InlineData("3m", "3m")]
    [InlineData("50k", "50k")]
    [InlineData("40T", "40T")]
    [InlineData("1E", "1E")]
    [InlineData("12E", "12E")]
    [InlineData("1000E", "1e21")]
    [InlineData("1E-3", "1e-3")]
    [InlineData("1e3", "1e3")]
    [InlineData("2e3", "2e3")]
    [InlineData("1.3E+6", "1300e3")]
    [InlineData("0.5e-2", "5e-3")]
    [InlineData("100.035k", "100035")]
    [InlineData("0.001", "1m")]
    [InlineData("0.1", "100m")]
    [InlineData(".5", "500m")]
    [InlineData("+1", "1")]
    [InlineData("1000m", "1")]
    [InlineData("1080m", "1080m")]
    [InlineData("1.08", "1080m")]
    [InlineData("9.01", "9010m")]
    [InlineData("3.001n", "4n")]
    [InlineData("1.1E-9", "2e-9")]
    [InlineData("0.0000000001", "1n")]
    [InlineData("0.00000012345", "124n")]
    [InlineData("0.5Mi", "512Ki")]
    [InlineData("100.035Ki", "102435840m")]
    [InlineData(".001Ki", "1024m")]
    [InlineData(".000001Ki", "1024u")]
    [InlineData(".000000001Ki", "1024n")]
    [InlineData(".000000000001Ki", "2n")]
    [InlineData("0.000000000001Ki", "2n")]
    [InlineData("1.", "1")]
    [InlineData("1.G", "1G")]
    [InlineData(".0001k", "100m")]
    [InlineData("9Ei", "9223372036854775807")]
    [InlineData("8Ei", "9223372036854775807")]
    [InlineData("9223372036854775807Ki", "9223372036854775807")]
    [InlineData("4Ei", "4Ei")]
    [InlineData("-1.5Gi", "-1536Mi")]
    [InlineData("-0.1", "-100m")]
    [InlineData("-.", "0")]
    [InlineData("00012", "12")]
    public void Parse_produces_the_Kubernetes_canonical_form(string input, string expected) =>
        Assert.Equal(expected, Quantity.Parse(input).ToString());

    [Theory]
    [InlineData("1.1.M")]
    [InlineData("1+1.0M")]
    [InlineData("0.1mi")]
    [InlineData("0.1am")]
    [InlineData("aoeu")]
    [InlineData(".5i")]
    [InlineData("1i")]
    [InlineData("-3.01i")]
    [InlineData("-3.01e-")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("")]
    [InlineData("1e")]
    [InlineData("1Ki3")]
    [InlineData("1KiB")]
    public void Parse_rejects_invalid_text_with_FormatException(string input)
    {
        Assert.Throws<FormatException>(() => Quantity.Parse(input));
        Assert.False(Quantity.TryParse(input, out _));
    }

    [Fact]
    public void Parse_error_messages_are_Kubernetes_messages()
    {
        Assert.Equal("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            Assert.Throws<FormatException>(() => Quantity.Parse("aoeu")).Message);
        Assert.Equal("unable to parse quantity's suffix", Assert.Throws<FormatException>(() => Quantity.Parse("1i")).Message);
    }

    [Theory]
    [InlineData("1", QuantityFormat.DecimalSI)]
    [InlineData("1Ki", QuantityFormat.BinarySI)]
    [InlineData("0Ki", QuantityFormat.BinarySI)]
    [InlineData("1e3", QuantityFormat.DecimalExponent)]
    [InlineData("1E", QuantityFormat.DecimalSI)]
    [InlineData("0.000000000001Ki", QuantityFormat.DecimalSI)]
    [InlineData("0.5Ki", QuantityFormat.BinarySI)]
    public void Parse_keeps_the_format_as_Kubernetes_does(string input, QuantityFormat format) =>
        Assert.Equal(format, Quantity.Parse(input).Format);

    [Theory]
    [InlineData("1Gi", "1024Mi")]
    [InlineData("1000m", "1")]
    [InlineData("1k", "1e3")]
    [InlineData("0", "0Ki")]
    [InlineData("0.5", "500m")]
    public void Quantities_with_the_same_value_are_equal(string a, string b)
    {
        Assert.Equal(Quantity.Parse(a), Quantity.Parse(b));
        Assert.True(Quantity.Parse(a) == Quantity.Parse(b));
        Assert.Equal(Quantity.Parse(a).GetHashCode(), Quantity.Parse(b).GetHashCode());
    }

    [Theory]
    [InlineData("100m", "50m", 1)]
    [InlineData("50m", "100m", -1)]
    [InlineData("10000T", "100Gi", 1)]
    [InlineData("-1", "1n", -1)]
    [InlineData("1e21", "999E", 1)]
    [InlineData("8Ei", "9Ei", 0)]
    public void CompareTo_orders_by_value(string a, string b, int expected)
    {
        Assert.Equal(expected, Quantity.Parse(a).CompareTo(Quantity.Parse(b)));
        Assert.Equal(-expected, Quantity.Parse(b).CompareTo(Quantity.Parse(a)));
    }

    [Fact]
    public void Add_and_Subtract_are_exact_and_keep_the_left_format()
    {
        Assert.Equal("1536Mi", (Quantity.Parse("1Gi") + Quantity.Parse("512Mi")).ToString());
        Assert.Equal("900m", (Quantity.Parse("1") - Quantity.Parse("100m")).ToString());
        Assert.Equal("100m", (Quantity.Zero + Quantity.Parse("100m")).ToString());
        Assert.Equal("1Gi", (Quantity.Parse("0") + Quantity.Parse("1Gi")).ToString());
        Assert.Equal("-1Gi", (Quantity.Parse("0") - Quantity.Parse("1Gi")).ToString());
        Assert.Equal("-9010m", (-Quantity.Parse("9.01")).ToString());
    }

    [Fact]
    public void Large_binary_sums_beyond_int64_are_exact()
    {
        var q = Quantity.Parse("4Ei") + Quantity.Parse("4Ei") + Quantity.Parse("8Ei");
        Assert.Equal("16Ei", (Quantity.Parse("4Ei") + Quantity.Parse("4Ei") + Quantity.Parse("4Ei") + Quantity.Parse("4Ei")).ToString());
        Assert.True(q > Quantity.Parse("8Ei"));
        Assert.Equal(long.MaxValue, q.Value);
    }

    [Theory]
    [InlineData("9.01", 10, 9010)]
    [InlineData("-9.01", -10, -9010)]
    [InlineData("1.5Gi", 1610612736, 1610612736000)]
    [InlineData("1n", 1, 1)]
    [InlineData("100m", 1, 100)]
    [InlineData("0", 0, 0)]
    public void Value_and_MilliValue_round_up_away_from_zero(string input, long value, long milli)
    {
        var q = Quantity.Parse(input);
        Assert.Equal(value, q.Value);
        Assert.Equal(milli, q.MilliValue);
    }

    [Fact]
    public void ScaledValue_rounds_up_to_the_requested_scale()
    {
        Assert.Equal(1, Quantity.Parse("1n").ScaledValue(-6));
        Assert.Equal(1000, Quantity.Parse("1u").ScaledValue(-9));
        Assert.Equal(2, Quantity.Parse("1500").ScaledValue(3));
    }

    [Fact]
    public void Factories_match_NewQuantity_and_NewMilliQuantity()
    {
        Assert.Equal("1k", Quantity.FromInt64(1000).ToString());
        Assert.Equal("1Ki", Quantity.FromInt64(1024, QuantityFormat.BinarySI).ToString());
        Assert.Equal("1Mi", Quantity.FromInt64(1024 * 1024, QuantityFormat.BinarySI).ToString());
        Assert.Equal("1e6", Quantity.FromInt64(1000000, QuantityFormat.DecimalExponent).ToString());
        Assert.Equal("1m", Quantity.FromMilli(1).ToString());
        Assert.Equal("1234", Quantity.FromMilli(1234000).ToString());
        Assert.Equal("1024m", Quantity.FromMilli(1024, QuantityFormat.BinarySI).ToString());
        Assert.Equal("1048576m", Quantity.FromMilli(1024 * 1024, QuantityFormat.BinarySI).ToString());
        Assert.Equal("1u", Quantity.FromScaled(1000, -9).ToString());
        Assert.Equal("1500m", Quantity.FromDecimal(1.5m).ToString());
        Assert.Equal(1.5m, Quantity.Parse("1500m").ToDecimal());
        Assert.Equal(-0.000000001m, Quantity.Parse("-1n").ToDecimal());
    }

    [Fact]
    public void IsZero_and_Sign_reflect_the_value()
    {
        Assert.True(default(Quantity).IsZero);
        Assert.Equal("0", default(Quantity).ToString());
        Assert.Equal(-1, Quantity.Parse("-1m").Sign);
        Assert.Equal(1, Quantity.Parse("1m").Sign);
    }

    private sealed record Holder(Quantity Cpu);

    [Fact]
    public void Json_writes_the_canonical_string_and_reads_strings_numbers_and_null()
    {
        Assert.Equal("{\"Cpu\":\"1536Mi\"}", JsonSerializer.Serialize(new Holder(Quantity.Parse("1.5Gi"))));
        Assert.Equal("100m", JsonSerializer.Deserialize<Holder>("{\"Cpu\":\"0.1\"}")!.Cpu.ToString());
        Assert.Equal("1", JsonSerializer.Deserialize<Holder>("{\"Cpu\":\" 1 \"}")!.Cpu.ToString());
        Assert.Equal("1500m", JsonSerializer.Deserialize<Holder>("{\"Cpu\":1.5}")!.Cpu.ToString());
        Assert.Equal("-1", JsonSerializer.Deserialize<Holder>("{\"Cpu\":-1}")!.Cpu.ToString());
        Assert.True(JsonSerializer.Deserialize<Holder>("{\"Cpu\":null}")!.Cpu.IsZero);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Holder>("{\"Cpu\":\"abc\"}"));
    }
}
