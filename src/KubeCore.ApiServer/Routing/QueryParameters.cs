using KubeCore.Api;
using Microsoft.AspNetCore.Http;

namespace KubeCore.ApiServer.Routing;

/// <summary>Reads query parameters the way kube-apiserver's decoders do (booleans as Go's <c>strconv.ParseBool</c>).</summary>
internal readonly struct QueryParameters(IQueryCollection query)
{
    /// <summary>The raw value, or null when absent or empty.</summary>
    public string? String(string name)
    {
        var value = query[name];
        return value.Count == 0 || string.IsNullOrEmpty(value[^1]) ? null : value[^1];
    }

    /// <summary>Every value of a repeated parameter (<c>command=a&amp;command=b</c>).</summary>
    public IReadOnlyList<string> All(string name) => query[name].Where(v => v is not null).Select(v => v!).ToArray();

    /// <summary>A boolean; absent is <paramref name="default"/>.</summary>
    /// <exception cref="BadRequestException">The value is not a Go boolean.</exception>
    public bool Bool(string name, bool @default = false)
    {
        var value = String(name);
        if (value is null) return @default;
        return value switch
        {
            "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
            "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
            _ => throw ApiErrors.BadRequest($"invalid value for {name}: strconv.ParseBool: parsing \"{value}\": invalid syntax"),
        };
    }

    /// <summary>An integer, or null when absent.</summary>
    /// <exception cref="BadRequestException">The value is not an integer.</exception>
    public long? Long(string name)
    {
        var value = String(name);
        if (value is null) return null;
        return long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : throw ApiErrors.BadRequest($"invalid value for {name}: strconv.ParseInt: parsing \"{value}\": invalid syntax");
    }

    /// <summary>Whether <c>dryRun</c> asks for a dry run; only <c>All</c> is a valid value, as upstream.</summary>
    /// <exception cref="BadRequestException">An unknown dry-run value.</exception>
    public bool DryRun()
    {
        var values = All("dryRun");
        foreach (var v in values)
            if (v != "All") throw ApiErrors.BadRequest($"Invalid dry run value: {v}: supported values are [All]");
        return values.Count > 0;
    }

    /// <summary>The list/watch options from the query.</summary>
    public ListOptions ListOptions() => new()
    {
        LabelSelector = String("labelSelector"),
        FieldSelector = String("fieldSelector"),
        ResourceVersion = String("resourceVersion"),
        ResourceVersionMatch = String("resourceVersionMatch"),
        Limit = Long("limit") ?? 0,
        Continue = String("continue"),
        TimeoutSeconds = Long("timeoutSeconds"),
        AllowWatchBookmarks = Bool("allowWatchBookmarks"),
        SendInitialEvents = String("sendInitialEvents") is null ? null : Bool("sendInitialEvents"),
    };

    /// <summary>The field validation directive: Ignore, Warn (the default) or Strict.</summary>
    /// <exception cref="BadRequestException">Any other value.</exception>
    public string FieldValidation()
    {
        var value = String("fieldValidation");
        return value switch
        {
            null => "Warn",
            "Ignore" or "Warn" or "Strict" => value,
            _ => throw ApiErrors.BadRequest($"fieldValidation must be one of \"Ignore\", \"Warn\", or \"Strict\""),
        };
    }
}
