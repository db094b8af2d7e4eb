using KubeCore.Api;
using KubeCore.ApiServer.Routing;
using KubeCore.Printing;
using Microsoft.AspNetCore.Http;

namespace KubeCore.ApiServer.Handlers;

/// <summary>
/// Server-side printing: kubectl asks for <c>application/json;as=Table;v=v1;g=meta.k8s.io</c> and gets a Table whose
/// rows carry the object per <c>includeObject</c> (None, Metadata — the default — or Object).
/// </summary>
internal static class TableNegotiation
{
    /// <summary>The Table options when the request's Accept asks for a Table, otherwise null.</summary>
    /// <exception cref="BadRequestException"><c>includeObject</c> has an unknown value.</exception>
    public static TableOptions? Requested(HttpContext context, QueryParameters query)
    {
        var wantsTable = false;
        foreach (var accept in context.Request.Headers.Accept)
        {
            if (accept is null) continue;
            foreach (var clause in accept.Split(','))
            {
                var parameters = clause.Split(';').Select(p => p.Trim()).ToArray();
                if (parameters.Contains("as=Table") && parameters.Contains("g=meta.k8s.io") && (parameters.Contains("v=v1") || parameters.Contains("v=v1beta1")))
                {
                    wantsTable = true;
                    break;
                }
                // The first clause that is not a Table (e.g. plain application/json) wins when it comes first.
                if (parameters[0] is "application/json" or "*/*") break;
            }
            if (wantsTable) break;
        }
        if (!wantsTable) return null;
        var include = query.String("includeObject") switch
        {
            null or "Metadata" => IncludeObjectPolicy.Metadata,
            "None" => IncludeObjectPolicy.None,
            "Object" => IncludeObjectPolicy.Object,
            var other => throw ApiErrors.BadRequest($"includeObject: Unsupported value: \"{other}\": supported values: \"Metadata\", \"None\", \"Object\""),
        };
        return new TableOptions { IncludeObject = include };
    }
}
