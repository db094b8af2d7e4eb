using System.Globalization;
using KubeCore.Models;

namespace KubeCore.Storage;

/// <summary>Reads and stamps the storage revision carried in <c>metadata.resourceVersion</c>.</summary>
public static class KubeObjectRevisionExtensions
{
    /// <summary>Returns a copy of <paramref name="value"/> whose resourceVersion is <paramref name="revision"/>.</summary>
    public static KubeObject WithResourceVersion(this KubeObject value, long revision) =>
        value with { Metadata = value.Metadata with { ResourceVersion = revision.ToString(CultureInfo.InvariantCulture) } };

    /// <summary>Parses a resourceVersion; null or empty gives 0.</summary>
    /// <exception cref="FormatException">The text is not a revision this server issued.</exception>
    public static long ParseResourceVersion(string? resourceVersion)
    {
        if (string.IsNullOrEmpty(resourceVersion)) return 0;
        if (long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var revision)) return revision;
        throw new FormatException($"invalid resource version \"{resourceVersion}\"");
    }
}
