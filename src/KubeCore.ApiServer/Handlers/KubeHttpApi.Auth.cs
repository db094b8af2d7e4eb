using System.Text.Json.Nodes;
using KubeCore.ApiServer.Routing;
using KubeCore.ApiServer.Security;
using Microsoft.AspNetCore.Http;

namespace KubeCore.ApiServer.Handlers;

/// <summary>The review resources that answer from the request's own user: SelfSubjectAccessReview and SelfSubjectReview.</summary>
internal sealed partial class KubeHttpApi
{
    /// <summary>The status of a SelfSubjectAccessReview: the same decision the request itself would get.</summary>
    private async Task<JsonObject> ReviewAccessAsync(HttpContext context, JsonObject spec)
    {
        var user = RequestSecurity.UserOf(context);
        static string Field(JsonObject? o, string name) => (o?[name] as JsonValue)?.TryGetValue<string>(out var v) == true ? v : "";
        AuthorizationAttributes attributes;
        if (spec["resourceAttributes"] is JsonObject r)
        {
            attributes = new AuthorizationAttributes
            {
                User = user, IsResourceRequest = true, Verb = Field(r, "verb"), Namespace = Field(r, "namespace"), ApiGroup = Field(r, "group"),
                ApiVersion = Field(r, "version"), Resource = Field(r, "resource"), Subresource = Field(r, "subresource"), Name = Field(r, "name"),
            };
        }
        else
        {
            var n = spec["nonResourceAttributes"] as JsonObject;
            attributes = new AuthorizationAttributes { User = user, Verb = Field(n, "verb"), Path = Field(n, "path") };
        }
        var decision = await _security.DecideAsync(attributes, context.RequestAborted).ConfigureAwait(false);
        var status = new JsonObject { ["allowed"] = decision.Allowed };
        if (decision.Outcome == AuthorizationOutcome.Deny) status["denied"] = true;
        if (decision.Reason.Length > 0) status["reason"] = decision.Reason;
        return status;
    }

    private async Task HandleSelfSubjectReviewAsync(HttpContext context, RequestInfo info)
    {
        if (info.Namespace is not null || info.Name is not null) throw ResourceNotFound();
        if (!HttpMethods.IsPost(context.Request.Method)) throw MethodNotAllowed(UnstoredResources.First(r => r.Kind == "SelfSubjectReview"), context.Request.Method);
        var node = await BodyDecoder.ReadNodeAsync(context).ConfigureAwait(false);
        if (node is not JsonObject review) throw KubeCore.Api.ApiErrors.BadRequest("the object provided is unrecognized (must be of type Object)");
        CheckTypeMeta(review, "authentication.k8s.io/v1", "SelfSubjectReview");
        var user = RequestSecurity.UserOf(context);
        var userInfo = new JsonObject { ["username"] = user.Name };
        if (user.Uid is { Length: > 0 } uid) userInfo["uid"] = uid;
        if (user.Groups.Count > 0) userInfo["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode?)JsonValue.Create(g))]);
        if (user.Extra is { Count: > 0 } extra)
            userInfo["extra"] = new JsonObject(extra.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)new JsonArray([.. e.Value.Select(v => (JsonNode?)JsonValue.Create(v))]))));
        await WriteNodeAsync(context, new JsonObject
        {
            ["kind"] = "SelfSubjectReview", ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
            ["status"] = new JsonObject { ["userInfo"] = userInfo },
        }, StatusCodes.Status201Created).ConfigureAwait(false);
    }
}
