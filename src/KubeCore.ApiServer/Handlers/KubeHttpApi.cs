using System.Text.Json;
using KubeCore.Api;
using KubeCore.ApiServer.Discovery;
using KubeCore.ApiServer.Routing;
using KubeCore.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KubeCore.ApiServer.Handlers;

/// <summary>
/// The request pipeline: one place that turns an HTTP request into calls on the cluster's <see cref="KubeApi"/> and
/// the result (or the failure) into kube-apiserver's response. The socket server and the in-process test handler both
/// run requests through it, so they cannot differ.
/// </summary>
internal sealed partial class KubeHttpApi
{
    private readonly KubeCluster _cluster;
    private readonly KubeApiServerOptions _options;
    private readonly DiscoveryDocuments _discovery;
    private readonly OpenApiDocuments _openApi;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly Printing.TableConverter _tables = new();
    private readonly Security.RequestSecurity _security;
    private readonly SerializedObjectCache _serialized = new();

    public KubeHttpApi(KubeCluster cluster, KubeApiServerOptions options, ILogger logger, CancellationToken stopping,
        Security.KubeCertificateAuthority? certificateAuthority = null)
    {
        _security = new Security.RequestSecurity(cluster, options, certificateAuthority);
        _cluster = cluster;
        _options = options;
        _discovery = new DiscoveryDocuments(cluster.Resources);
        _openApi = new OpenApiDocuments(cluster.Resources, options.GitVersion, cluster.TimeProvider, UnstoredResources);
        CustomResourceTables.Follow(cluster.Resources, _tables);
        _logger = logger;
        _stopping = stopping;
    }

    private KubeApi Api => _cluster.Api;

    /// <summary>Handles one request to completion.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            if (await _security.CheckAsync(context).ConfigureAwait(false) is { } denied)
            {
                await ResponseWriter.WriteStatusAsync(context, denied).ConfigureAwait(false);
                return;
            }
            await (_options.Faults is { } faults ? faults.InterceptAsync(context, _cluster.TimeProvider, DispatchAsync) : DispatchAsync(context)).ConfigureAwait(false);
        }
        catch (KubeApiException e)
        {
            await WriteErrorAsync(context, e.Status).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || _stopping.IsCancellationRequested)
        {
            // The client went away or the server is stopping: nothing left to answer.
        }
        catch (Exception e)
        {
            _logger.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            await WriteErrorAsync(context, ResponseWriter.Internal(e)).ConfigureAwait(false);
        }
    }

    private static Task WriteErrorAsync(HttpContext context, Status status) =>
        context.Response.HasStarted ? Task.CompletedTask : ResponseWriter.WriteStatusAsync(context, status);

    private Task DispatchAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.Length > 1) path = path.TrimEnd('/');
        var get = HttpMethods.IsGet(context.Request.Method);
        switch (path)
        {
            case "/version" when get:
                return ResponseWriter.WriteJsonAsync(context, VersionDocument());
            case "/healthz" or "/livez" or "/readyz" when get:
                context.Response.ContentType = "text/plain; charset=utf-8";
                return context.Response.WriteAsync("ok", context.RequestAborted);
            case "/api" when get:
                return WantsAggregated(context)
                    ? ResponseWriter.WriteJsonAsync(context, _discovery.AggregatedCore, DiscoveryDocuments.AggregatedContentType)
                    : ResponseWriter.WriteJsonAsync(context, _discovery.LegacyCore(context.Request.Host.Value ?? "127.0.0.1"));
            case "/apis" when get:
                return WantsAggregated(context)
                    ? ResponseWriter.WriteJsonAsync(context, _discovery.AggregatedGroups, DiscoveryDocuments.AggregatedContentType)
                    : ResponseWriter.WriteJsonAsync(context, _discovery.LegacyGroups);
            case "/openapi/v3" when get:
                return _openApi.ServeRootAsync(context);
        }
        if (get && path.StartsWith("/openapi/v3/", StringComparison.Ordinal))
            return _openApi.ServeDocumentAsync(context, path["/openapi/v3/".Length..]);

        var parts = path.Trim('/').Split('/');
        if (get && parts is ["api", var coreVersion])
            return WriteOrNotFound(context, _discovery.ResourceList("", coreVersion));
        if (get && parts is ["apis", var group])
            return WriteOrNotFound(context, _discovery.Group(group));
        if (get && parts is ["apis", var g, var v])
            return WriteOrNotFound(context, _discovery.ResourceList(g, v));

        return RequestInfo.Parse(path) is { } info
            ? TryHandleUnstored(context, info) ?? HandleResourceAsync(context, info)
            : ResponseWriter.WriteStatusAsync(context, ResponseWriter.PathNotFound());
    }

    private static Task WriteOrNotFound(HttpContext context, byte[]? document) =>
        document is null ? ResponseWriter.WriteStatusAsync(context, ResponseWriter.PathNotFound()) : ResponseWriter.WriteJsonAsync(context, document);

    /// <summary>client-go asks for aggregated discovery with <c>as=APIGroupDiscoveryList</c> in Accept.</summary>
    private static bool WantsAggregated(HttpContext context) =>
        context.Request.Headers.Accept.Any(a => a is not null && a.Contains("as=APIGroupDiscoveryList", StringComparison.Ordinal) && a.Contains("v=v2", StringComparison.Ordinal));

    private byte[] VersionDocument()
    {
        var match = System.Text.RegularExpressions.Regex.Match(_options.GitVersion, @"^v(\d+)\.(\d+)");
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("major", match.Success ? match.Groups[1].Value : "1");
            w.WriteString("minor", match.Success ? match.Groups[2].Value : "32");
            w.WriteString("gitVersion", _options.GitVersion);
            w.WriteString("gitCommit", "kubecore");
            w.WriteString("gitTreeState", "clean");
            w.WriteString("buildDate", "2025-01-01T00:00:00Z");
            w.WriteString("goVersion", "go1.23");
            w.WriteString("compiler", "gc");
            w.WriteString("platform", "linux/amd64");
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>kube-apiserver's 404 for a resource request whose resource (or subresource, or scope) is not served.</summary>
    private static NotFoundException ResourceNotFound() => new(ResponseWriter.PathNotFound());
}
