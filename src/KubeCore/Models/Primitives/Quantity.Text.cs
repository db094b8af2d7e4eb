using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace KubeCore.Models;

public readonly partial struct Quantity
{
    /// <summary>Kubernetes' message for text that is not a quantity.</summary>
    internal const string ErrFormatWrong = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    /// <summary>Kubernetes' message for an unknown suffix.</summary>
    internal const string ErrSuffix = "unable to parse quantity's suffix";
    /// <summary>Kubernetes' message for an unusable numeric part.</summary>
    internal const string ErrNumeric = "unable to parse numeric part of quantity";

    // Decimal exponents beyond this are refused so that arithmetic cannot be made to build enormous numbers.
    private const int MaxDecimalExponent = 10_000;

    private static readonly string[] DecimalSuffixes = ["n", "u", "m", "", "k", "M", "G", "T", "P", "E"]; // 10^-9 .. 10^18
    private static readonly string[] BinarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];           // 2^0 .. 2^60

    /// <summary>Parses a quantity exactly as Kubernetes' <c>ParseQuantity</c> does.</summary>
    /// <exception cref="FormatException">The text is not a valid quantity; the message is Kubernetes' error text.</exception>
    public static Quantity Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var q, out var error) ? q : throw new FormatException(error);
    }

    /// <summary>Parses a quantity (the format provider is ignored).</summary>
    public static Quantity Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <summary>Tries to parse a quantity.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Quantity result) => TryParse(text, out result, out _);

    /// <summary>Tries to parse a quantity (the format provider is ignored).</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Quantity result) => TryParse(s, out result, out _);

    /// <summary>Tries to parse a quantity, returning Kubernetes' error message on failure.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Quantity result, [NotNullWhen(false)] out string? error)
    {
        result = default;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            error = ErrFormatWrong;
            return false;
        }
        var s = text.AsSpan();
        var pos = 0;
        var positive = true;
        if (s[0] == '-') { positive = false; pos++; }
        else if (s[0] == '+') pos++;

        while (pos < s.Length && s[pos] == '0') pos++;
        if (pos == s.Length) return true; // only a sign and zeros: zero, DecimalSI

        var numStart = pos;
        while (pos < s.Length && char.IsAsciiDigit(s[pos])) pos++;
        var num = s[numStart..pos];
        var denom = ReadOnlySpan<char>.Empty;
        if (pos < s.Length && s[pos] == '.')
        {
            pos++;
            var denomStart = pos;
            while (pos < s.Length && char.IsAsciiDigit(s[pos])) pos++;
            denom = s[denomStart..pos];
        }
        var suffixStart = pos;
        while (pos < s.Length && "eEinumkKMGTP".Contains(s[pos])) pos++;
        if (pos < s.Length && s[pos] is '-' or '+') pos++;
        while (pos < s.Length && char.IsAsciiDigit(s[pos])) pos++;
        if (pos < s.Length)
        {
            error = ErrFormatWrong;
            return false;
        }
        var suffix = s[suffixStart..];
        if (!TryInterpretSuffix(suffix, out var isBinary, out var exponent, out var format))
        {
            error = ErrSuffix;
            return false;
        }
        if (!isBinary && Math.Abs((long)exponent) > MaxDecimalExponent)
        {
            error = ErrNumeric;
            return false;
        }

        BigInteger mantissa;
        var digitCount = num.Length + denom.Length;
        if (digitCount == 0) mantissa = BigInteger.Zero;
        else if (digitCount <= 18)
        {
            long v = 0;
            foreach (var c in num) v = v * 10 + (c - '0');
            foreach (var c in denom) v = v * 10 + (c - '0');
            mantissa = v;
        }
        else
        {
            var digits = string.Concat(num, denom);
            mantissa = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        var decimalExponent = -denom.Length;
        if (isBinary) mantissa <<= exponent;
        else decimalExponent += exponent;
        if (!positive) mantissa = -mantissa;
        result = Create(mantissa, decimalExponent, format);
        return true;
    }

    private static bool TryInterpretSuffix(ReadOnlySpan<char> suffix, out bool isBinary, out int exponent, out QuantityFormat format)
    {
        isBinary = false;
        exponent = 0;
        format = QuantityFormat.DecimalSI;
        for (var i = 0; i < DecimalSuffixes.Length; i++)
        {
            if (suffix.SequenceEqual(DecimalSuffixes[i]))
            {
                exponent = (i - 3) * 3;
                return true;
            }
        }
        for (var i = 1; i < BinarySuffixes.Length; i++)
        {
            if (suffix.SequenceEqual(BinarySuffixes[i]))
            {
                isBinary = true;
                exponent = i * 10;
                format = QuantityFormat.BinarySI;
                return true;
            }
        }
        if (suffix.Length > 1 && suffix[0] is 'e' or 'E')
        {
            format = QuantityFormat.DecimalExponent;
            var rest = suffix[1..];
            // Go's strconv.ParseInt: optional sign, then at least one ASCII digit, nothing else.
            var start = rest.Length > 0 && rest[0] is '+' or '-' ? 1 : 0;
            if (rest.Length == start) return false;
            for (var i = start; i < rest.Length; i++) if (!char.IsAsciiDigit(rest[i])) return false;
            if (!long.TryParse(rest, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            {
                exponent = int.MaxValue; // out of range: refused by the caller
                return true;
            }
            exponent = (int)Math.Clamp(parsed, int.MinValue + 1, int.MaxValue);
            return true;
        }
        return false;
    }

    /// <summary>The canonical text exactly as Kubernetes prints it (e.g. <c>1.5Gi</c> → <c>1536Mi</c>, <c>0.1</c> → <c>100m</c>).</summary>
    public override string ToString()
    {
        if (_mantissa.IsZero) return "0";
        var format = Format;
        if (format == QuantityFormat.BinarySI)
        {
            // Values in (-1024, 1024) and non-integers are shown in DecimalSI so that nothing is rounded.
            if (CompareMagnitude(BigInteger.Abs(_mantissa), _exponent, 1024, 0) < 0 || _exponent < 0)
                format = QuantityFormat.DecimalSI;
        }
        if (format == QuantityFormat.BinarySI)
        {
            var magnitude = BigInteger.Abs(_mantissa) * BigInteger.Pow(10, _exponent);
            var power = 0;
            while (power < BinarySuffixes.Length - 1 && (magnitude & 1023).IsZero && magnitude >= 1024)
            {
                magnitude >>= 10;
                power++;
            }
            return (_mantissa.Sign < 0 ? "-" : "") + magnitude.ToString(CultureInfo.InvariantCulture) + BinarySuffixes[power];
        }

        var mantissa = _mantissa;
        var exponent = _exponent;
        var r = ((exponent % 3) + 3) % 3;
        if (r != 0)
        {
            mantissa *= r == 1 ? 10 : 100;
            exponent -= r;
        }
        var sb = new StringBuilder(mantissa.ToString(CultureInfo.InvariantCulture));
        if (format == QuantityFormat.DecimalSI && exponent >= -9 && exponent <= 18)
            sb.Append(DecimalSuffixes[exponent / 3 + 3]);
        else if (exponent != 0)
            sb.Append('e').Append(exponent.ToString(CultureInfo.InvariantCulture)); // DecimalExponent, or DecimalSI beyond E
        return sb.ToString();
    }
}
