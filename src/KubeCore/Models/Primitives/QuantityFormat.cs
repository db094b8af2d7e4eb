namespace KubeCore.Models;

/// <summary>How a <see cref="Quantity"/> is printed (<c>resource.Format</c>).</summary>
public enum QuantityFormat
{
    /// <summary>Decimal SI suffixes: n, u, m, "", k, M, G, T, P, E (e.g. <c>500m</c>, <c>5G</c>).</summary>
    DecimalSI = 0,
    /// <summary>Binary SI suffixes: Ki, Mi, Gi, Ti, Pi, Ei (e.g. <c>1536Mi</c>).</summary>
    BinarySI = 1,
    /// <summary>Decimal exponent notation (e.g. <c>12e6</c>).</summary>
    DecimalExponent = 2,
}
