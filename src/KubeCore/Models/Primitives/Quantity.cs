using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>
/// A Kubernetes resource quantity such as <c>500m</c>, <c>1.5Gi</c> or <c>2e3</c> (<c>resource.Quantity</c>): an exact
/// decimal value (at nano precision) plus the <see cref="QuantityFormat"/> it is printed in.
/// </summary>
/// <remarks>
/// Equality, hashing and ordering are by value only (<c>1Gi == 1024Mi</c>, <c>1000m == 1</c>, <c>1k == 1e3</c>), like
/// Kubernetes' <c>Cmp</c>/<c>Equal</c>; <see cref="ToString"/> is Kubernetes' canonical form. The default value is zero.
/// </remarks>
[JsonConverter(typeof(QuantityJsonConverter))]
public readonly partial struct Quantity : IEquatable<Quantity>, IComparable<Quantity>, IComparable, IParsable<Quantity>
{
    // value = _mantissa * 10^_exponent, normalised: zero is (0, 0); otherwise _mantissa has no trailing decimal zeros.
    private readonly BigInteger _mantissa;
    private readonly int _exponent;

    private Quantity(BigInteger mantissa, int exponent, QuantityFormat format)
    {
        if (mantissa.IsZero)
        {
            exponent = 0;
        }
        else if (mantissa.IsEven || mantissa % 5 == 0)
        {
            while (true)
            {
                var q = BigInteger.DivRem(mantissa, 10, out var r);
                if (!r.IsZero) break;
                mantissa = q;
                exponent++;
            }
        }
        _mantissa = mantissa;
        _exponent = exponent;
        Format = format;
    }

    /// <summary>The zero quantity (printed <c>0</c>).</summary>
    public static Quantity Zero => default;

    /// <summary>The format the quantity is printed in.</summary>
    public QuantityFormat Format { get; }

    /// <summary>Whether the value is zero.</summary>
    public bool IsZero => _mantissa.IsZero;

    /// <summary>-1, 0 or 1 according to the sign of the value.</summary>
    public int Sign => _mantissa.Sign;

    /// <summary>Creates <paramref name="value"/> × 10^<paramref name="scale"/> (<c>NewScaledQuantity</c>); scales below -9 are rounded up to nano.</summary>
    public static Quantity FromScaled(long value, int scale, QuantityFormat format = QuantityFormat.DecimalSI) =>
        Create(value, scale, format);

    /// <summary>Creates an integer quantity (<c>NewQuantity</c>), e.g. <c>FromInt64(1024, BinarySI)</c> → <c>1Ki</c>.</summary>
    public static Quantity FromInt64(long value, QuantityFormat format = QuantityFormat.DecimalSI) => new(value, 0, format);

    /// <summary>Creates a quantity of <paramref name="milliValue"/> thousandths (<c>NewMilliQuantity</c>).</summary>
    public static Quantity FromMilli(long milliValue, QuantityFormat format = QuantityFormat.DecimalSI) => new(milliValue, -3, format);

    /// <summary>Creates a quantity from a decimal, rounding sub-nano precision away from zero as parsing does.</summary>
    public static Quantity FromDecimal(decimal value, QuantityFormat format = QuantityFormat.DecimalSI)
    {
        var bits = decimal.GetBits(value);
        var scale = (bits[3] >> 16) & 0xFF;
        var magnitude = new BigInteger(new ReadOnlySpan<byte>(ToBytes(bits)), isUnsigned: true);
        return Create(value < 0 ? -magnitude : magnitude, -scale, format);

        static byte[] ToBytes(int[] b)
        {
            var bytes = new byte[12];
            BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), b[0]);
            BitConverter.TryWriteBytes(bytes.AsSpan(4, 4), b[1]);
            BitConverter.TryWriteBytes(bytes.AsSpan(8, 4), b[2]);
            return bytes;
        }
    }

    // Applies the parse-time rules: round the magnitude up to nano precision, cap BinarySI at int64 max, and
    // switch BinarySI values strictly between 0 and 1 to DecimalSI.
    private static Quantity Create(BigInteger mantissa, int exponent, QuantityFormat format)
    {
        if (mantissa.IsZero) return new Quantity(BigInteger.Zero, 0, format);
        var negative = mantissa.Sign < 0;
        var magnitude = BigInteger.Abs(mantissa);
        if (exponent < NanoExponent)
        {
            var shift = NanoExponent - exponent;
            if (DecimalDigits(magnitude) <= shift) // 0 < magnitude < 1n: rounds up to 1n
            {
                magnitude = BigInteger.One;
            }
            else
            {
                magnitude = BigInteger.DivRem(magnitude, BigInteger.Pow(10, shift), out var rem);
                if (!rem.IsZero) magnitude += 1;
            }
            exponent = NanoExponent;
        }
        if (format == QuantityFormat.BinarySI)
        {
            if (CompareMagnitude(magnitude, exponent, MaxInt64, 0) > 0)
            {
                magnitude = MaxInt64;
                exponent = 0;
            }
            else if (CompareMagnitude(magnitude, exponent, BigInteger.One, 0) < 0)
            {
                format = QuantityFormat.DecimalSI;
            }
        }
        return new Quantity(negative ? -magnitude : magnitude, exponent, format);
    }

    private const int NanoExponent = -9;
    private static readonly BigInteger MaxInt64 = long.MaxValue;

    /// <summary>Rounds the value up (away from zero) to a multiple of 10^<paramref name="scale"/> and returns it as an
    /// integer count of those units (<c>ScaledValue</c>); saturates at the int64 range.</summary>
    public long ScaledValue(int scale)
    {
        if (_mantissa.IsZero) return 0;
        var shift = _exponent - scale;
        BigInteger result;
        if (shift >= 0)
        {
            if (shift > 19) return _mantissa.Sign > 0 ? long.MaxValue : long.MinValue;
            result = _mantissa * BigInteger.Pow(10, shift);
        }
        else
        {
            var magnitude = BigInteger.Abs(_mantissa);
            if (DecimalDigits(magnitude) <= -shift) result = BigInteger.One; // 0 < |value| < one unit
            else
            {
                result = BigInteger.DivRem(magnitude, BigInteger.Pow(10, -shift), out var rem);
                if (!rem.IsZero) result += 1;
            }
            if (_mantissa.Sign < 0) result = -result;
        }
        if (result > long.MaxValue) return long.MaxValue;
        if (result < long.MinValue) return long.MinValue;
        return (long)result;
    }

    /// <summary>The value rounded up (away from zero) to an integer (<c>Value</c>).</summary>
    public long Value => ScaledValue(0);

    /// <summary>The value in thousandths, rounded up (away from zero) (<c>MilliValue</c>).</summary>
    public long MilliValue => ScaledValue(-3);

    /// <summary>The exact value as a <see cref="decimal"/>.</summary>
    /// <exception cref="OverflowException">The value is outside the range of <see cref="decimal"/>.</exception>
    public decimal ToDecimal()
    {
        if (_exponent >= 0) return (decimal)(_mantissa * BigInteger.Pow(10, _exponent));
        var magnitude = BigInteger.Abs(_mantissa);
        var scale = -_exponent;
        if (scale > 28 || magnitude.GetBitLength() > 96)
            return (decimal)_mantissa / (decimal)BigInteger.Pow(10, scale);
        var bytes = new byte[12];
        magnitude.TryWriteBytes(bytes, out _, isUnsigned: true);
        return new decimal(BitConverter.ToInt32(bytes, 0), BitConverter.ToInt32(bytes, 4), BitConverter.ToInt32(bytes, 8),
            _mantissa.Sign < 0, (byte)scale);
    }

    /// <summary>The exact value as an unscaled integer and a power-of-ten exponent (value = mantissa × 10^exponent).</summary>
    public (BigInteger Mantissa, int Exponent) ToScaledInteger() => (_mantissa, _exponent);

    /// <summary>Returns the sum; the format is this quantity's, or <paramref name="other"/>'s when this is zero (<c>Add</c>).</summary>
    public Quantity Add(Quantity other)
    {
        var format = IsZero ? other.Format : Format;
        var (a, b, e) = Align(this, other);
        return new Quantity(a + b, e, format);
    }

    /// <summary>Returns the difference; the format is this quantity's, or <paramref name="other"/>'s when this is zero (<c>Sub</c>).</summary>
    public Quantity Subtract(Quantity other)
    {
        var format = IsZero ? other.Format : Format;
        var (a, b, e) = Align(this, other);
        return new Quantity(a - b, e, format);
    }

    /// <summary>Returns the negated value in the same format (<c>Neg</c>).</summary>
    public Quantity Negate() => new(-_mantissa, _exponent, Format);

    /// <summary>Returns the value multiplied by an integer, in the same format (<c>Mul</c>).</summary>
    public Quantity Multiply(long factor) => new(_mantissa * factor, _exponent, Format);

    /// <summary>Returns this value in another format.</summary>
    public Quantity WithFormat(QuantityFormat format) => new(_mantissa, _exponent, format);

    private static (BigInteger A, BigInteger B, int Exponent) Align(Quantity x, Quantity y)
    {
        if (x.IsZero) return (BigInteger.Zero, y._mantissa, y._exponent);
        if (y.IsZero) return (x._mantissa, BigInteger.Zero, x._exponent);
        if (x._exponent == y._exponent) return (x._mantissa, y._mantissa, x._exponent);
        if (x._exponent > y._exponent)
            return (x._mantissa * BigInteger.Pow(10, x._exponent - y._exponent), y._mantissa, y._exponent);
        return (x._mantissa, y._mantissa * BigInteger.Pow(10, y._exponent - x._exponent), x._exponent);
    }

    // Compares two non-negative values m1×10^e1 and m2×10^e2.
    private static int CompareMagnitude(BigInteger m1, int e1, BigInteger m2, int e2)
    {
        if (m1.IsZero || m2.IsZero) return m1.Sign.CompareTo(m2.Sign);
        // Cheap order-of-magnitude test before scaling (avoids building huge powers of ten).
        var d1 = DecimalDigits(m1) + (long)e1;
        var d2 = DecimalDigits(m2) + (long)e2;
        if (d1 != d2) return d1.CompareTo(d2);
        if (e1 == e2) return m1.CompareTo(m2);
        return e1 > e2
            ? (m1 * BigInteger.Pow(10, e1 - e2)).CompareTo(m2)
            : m1.CompareTo(m2 * BigInteger.Pow(10, e2 - e1));
    }

    private static long DecimalDigits(BigInteger magnitude)
    {
        // floor(log10) + 1, exact: estimate from the bit length, then correct.
        var estimate = (long)((magnitude.GetBitLength() - 1) * 0.30102999566398119521) + 1;
        if (estimate > 1 && magnitude < BigInteger.Pow(10, (int)estimate - 1)) estimate--;
        else if (magnitude >= BigInteger.Pow(10, (int)estimate)) estimate++;
        return estimate;
    }

    /// <summary>Orders by value: negative before, zero when equal, positive after.</summary>
    public int CompareTo(Quantity other)
    {
        var s1 = _mantissa.Sign;
        var s2 = other._mantissa.Sign;
        if (s1 != s2) return s1.CompareTo(s2);
        if (s1 == 0) return 0;
        var c = CompareMagnitude(BigInteger.Abs(_mantissa), _exponent, BigInteger.Abs(other._mantissa), other._exponent);
        return s1 > 0 ? c : -c;
    }

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Quantity q => CompareTo(q),
        _ => throw new ArgumentException("object is not a Quantity", nameof(obj)),
    };

    /// <summary>Value equality (the format is ignored).</summary>
    public bool Equals(Quantity other) => _exponent == other._exponent && _mantissa.Equals(other._mantissa);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is Quantity q && Equals(q);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_mantissa, _exponent);

    /// <summary>Value equality.</summary>
    public static bool operator ==(Quantity left, Quantity right) => left.Equals(right);
    /// <summary>Value inequality.</summary>
    public static bool operator !=(Quantity left, Quantity right) => !left.Equals(right);
    /// <summary>Less than, by value.</summary>
    public static bool operator <(Quantity left, Quantity right) => left.CompareTo(right) < 0;
    /// <summary>Less than or equal, by value.</summary>
    public static bool operator <=(Quantity left, Quantity right) => left.CompareTo(right) <= 0;
    /// <summary>Greater than, by value.</summary>
    public static bool operator >(Quantity left, Quantity right) => left.CompareTo(right) > 0;
    /// <summary>Greater than or equal, by value.</summary>
    public static bool operator >=(Quantity left, Quantity right) => left.CompareTo(right) >= 0;
    /// <summary>Sum (see <see cref="Add"/>).</summary>
    public static Quantity operator +(Quantity left, Quantity right) => left.Add(right);
    /// <summary>Difference (see <see cref="Subtract"/>).</summary>
    public static Quantity operator -(Quantity left, Quantity right) => left.Subtract(right);
    /// <summary>Negation (see <see cref="Negate"/>).</summary>
    public static Quantity operator -(Quantity value) => value.Negate();
}
