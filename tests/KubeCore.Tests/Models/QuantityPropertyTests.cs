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
        GenQuantity.Sample(q => Assert.Equal(q.ToString(), Quantity.Parse(q.ToString()).ToString()), iter: 5000);

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
