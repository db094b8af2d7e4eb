using System.Numerics;
using CsCheck;
using KubeCore.Models;

namespace KubeCore.Tests.Models;

public class QuantityPropertyTests
{
    private static readonly string[] Suffixes = ["n", "u", "m", "", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "e3", "e-3", "E6", "e-9"];

    // Quantities built from text the way users write them: sign, integer and fraction digits, a suffix.
    private static readonly Gen<Quantity> GenQuantity =
        Gen.Select(Gen.Bool, Gen.Long[0, 999_999], Gen.Int[0, 4], Gen.Int[0, Suffixes.Length - 1])
            .Select((neg, digits, fraction, suffix) =>
            {
                var text = digits.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (fraction > 0 && text.Length > fraction) text = text[..^fraction] + "." + text[^fraction..];
                return Quantity.Parse((neg ? "-" : "") + text + Suffixes[suffix]);
            });

    [Fact]
    public void Parsing_the_canonical_form_gives_back_an_equal_quantity() =>
        GenQuantity.Sample(q =>
        {
            var reparsed = Quantity.Parse(q.ToString());
            Assert.Equal(q, reparsed);
        }, iter: 5000);

    [Fact]
    public void The_canonical_form_is_stable() =>
        GenQuantity.Sample(q =>
        {
            var once = q.ToString();
            var twice = Quantity.Parse(once).ToString();
            // A BinarySI value that is not a multiple of 1024 prints without a suffix and so re-parses as DecimalSI
            // (as in Kubernetes); every other canonical form re-prints unchanged.
            if (q.Format != QuantityFormat.BinarySI || Quantity.Parse(once).Format == QuantityFormat.BinarySI) Assert.Equal(once, twice);
            Assert.Equal(twice, Quantity.Parse(twice).ToString());
        }, iter: 5000);

    [Fact]
    public void A_BinarySI_value_without_a_binary_suffix_reprints_in_DecimalSI_like_Kubernetes()
    {
        var q = Quantity.Parse("-21062.5Ki");
        Assert.Equal("-21568000", q.ToString());
        Assert.Equal("-21568k", Quantity.Parse(q.ToString()).ToString());
    }

    // Large and tiny magnitudes: up to 30 digits with exponents well beyond int64 and below nano precision.
    private static readonly Gen<Quantity> GenWide =
        Gen.Select(Gen.Bool, Gen.Char['0', '9'].Array[1, 30], Gen.Int[-15, 30])
            .Select((neg, digits, exp) => Quantity.Parse((neg ? "-" : "") + new string(digits) + "e" + exp));

    [Fact]
    public void Wide_quantities_round_trip_through_text_and_json() =>
        GenWide.Sample(q =>
        {
            Assert.Equal(q, Quantity.Parse(q.ToString()));
            Assert.Equal(q, System.Text.Json.JsonSerializer.Deserialize<Quantity>(System.Text.Json.JsonSerializer.Serialize(q)));
        }, iter: 3000);

    [Fact]
    public void Wide_quantities_order_consistently_with_subtraction() =>
        Gen.Select(GenWide, GenWide).Sample((a, b) =>
        {
            Assert.Equal(Math.Sign(a.CompareTo(b)), (a - b).Sign);
            Assert.Equal(a, a + b - b);
        }, iter: 3000);

    [Fact]
    public void Subtract_undoes_Add() =>
        Gen.Select(GenQuantity, GenQuantity).Sample((a, b) =>
        {
            Assert.Equal(a, a + b - b);
            Assert.Equal(b, a + b - a);
            Assert.Equal(a + b, b + a);
            Assert.True((a - a).IsZero);
        }, iter: 5000);

    [Fact]
    public void Ordering_is_consistent_with_the_exact_value() =>
        Gen.Select(GenQuantity, GenQuantity).Sample((a, b) =>
        {
            Assert.Equal(Exact(a).CompareTo(Exact(b)), Math.Sign(a.CompareTo(b)));
            Assert.Equal(a.CompareTo(b) == 0, a == b);
            Assert.Equal(Math.Sign((a - b).Sign), Math.Sign(a.CompareTo(b)));
        }, iter: 5000);

    [Fact]
    public void MilliValue_is_the_exact_value_rounded_away_from_zero() =>
        GenQuantity.Where(q => Math.Abs(q.ToDecimal()) < 1_000_000_000_000m).Sample(q =>
        {
            var milli = q.ToDecimal() * 1000m;
            var expected = milli >= 0 ? Math.Ceiling(milli) : Math.Floor(milli);
            Assert.Equal((long)expected, q.MilliValue);
        }, iter: 2000);

    // value × 10^9 as an integer (every quantity is a whole number of nano units).
    private static BigInteger Exact(Quantity q)
    {
        var (m, e) = q.ToScaledInteger();
        return e + 9 >= 0 ? m * BigInteger.Pow(10, e + 9) : throw new InvalidOperationException("sub-nano value");
    }
}
