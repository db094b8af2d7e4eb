namespace KubeCore.Runtime.Simulated.Networking.Ingress;

using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

/// <summary>
/// Forwards one HTTP request to the backend its route names, streaming both bodies, with the headers ingress-nginx sets
/// by default (<c>X-Forwarded-For</c>/<c>X-Real-IP</c> = the client's address, <c>X-Forwarded-Host</c> = the Host header,
/// <c>X-Forwarded-Port</c>, <c>X-Forwarded-Proto</c>/<c>X-Forwarded-Scheme</c>/<c>X-Scheme</c>), the original Host kept.
/// </summary>
internal sealed class IngressProxy(HttpMessageInvoker backend, string clusterDomain, ILogger logger)
{
    // RFC 9110 §7.6.1 connection-specific fields, plus the legacy ones proxies drop; never forwarded either way.
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
    };

    // Set by the proxy itself; a client's values are replaced (ingress-nginx's default, use-forwarded-headers: false).
    private static readonly HashSet<string> Replaced = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "X-Forwarded-For", "X-Real-IP", "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Proto", "X-Forwarded-Scheme", "X-Scheme",
    };

    /// <summary>Answers <paramref name="context"/> according to <paramref name="route"/>.</summary>
    public async Task ForwardAsync(HttpContext context, IngressRoute route)
    {
        switch (route.Kind)
        {
            case IngressRouteKind.DefaultBackend:
                await ErrorAsync(context, StatusCodes.Status404NotFound, "Not Found").ConfigureAwait(false);
                return;
            case IngressRouteKind.Unavailable:
                logger.LogDebug("ingress {Ingress}: {Reason}", route.Ingress, route.Reason);
                await ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "Service Temporarily Unavailable").ConfigureAwait(false);
                return;
        }

        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { } raw && raw.StartsWith('/') ? raw : request.GetEncodedPathAndQuery();
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), route.BackendAuthority(clusterDomain) + target);
        if (HasBody(request))
        {
            message.Content = new StreamContent(request.Body);
        }
        var connectionTokens = request.Headers.Connection.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name) || Replaced.Contains(name) || connectionTokens.Contains(name)) continue;
            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
        var client = context.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : "";
        var host = request.Host.HasValue ? request.Host.Value! : "";
        var scheme = request.Scheme;
        message.Headers.Host = host.Length > 0 ? host : null;
        message.Headers.TryAddWithoutValidation("X-Real-IP", client);
        message.Headers.TryAddWithoutValidation("X-Forwarded-For", client);
        message.Headers.TryAddWithoutValidation("X-Forwarded-Host", host);
        message.Headers.TryAddWithoutValidation("X-Forwarded-Port", context.Connection.LocalPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        message.Headers.TryAddWithoutValidation("X-Forwarded-Proto", scheme);
        message.Headers.TryAddWithoutValidation("X-Forwarded-Scheme", scheme);
        message.Headers.TryAddWithoutValidation("X-Scheme", scheme);

        HttpResponseMessage response;
        try
        {
            response = await backend.SendAsync(message, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (HttpRequestException e)
        {
            // The service proxy refuses connections to a Service without ready endpoints (as kube-proxy does): 503, like
            // ingress-nginx's empty upstream. Anything else is the backend failing: 502, like nginx.
            var refused = Find<SocketException>(e)?.SocketErrorCode == SocketError.ConnectionRefused;
            logger.LogDebug(e, "ingress {Ingress}: forwarding to {Service}.{Namespace}:{Port} failed", route.Ingress, route.Service, route.Namespace, route.Port);
            if (refused) await ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "Service Temporarily Unavailable").ConfigureAwait(false);
            else await ErrorAsync(context, StatusCodes.Status502BadGateway, "Bad Gateway").ConfigureAwait(false);
            return;
        }

        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            var responseConnection = response.Headers.Connection.ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (HopByHop.Contains(name) || responseConnection.Contains(name)) continue;
                context.Response.Headers[name] = values.ToArray();
            }
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted).ConfigureAwait(false);
                await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
                await body.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                // The backend broke off mid-body: the status line is gone, so end the client's connection abruptly too.
                logger.LogDebug(e, "ingress {Ingress}: the response body from {Service}.{Namespace} broke off", route.Ingress, route.Service, route.Namespace);
                context.Abort();
            }
        }
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0)
        || (request.ContentLength == 0 && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method));

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
            if (e is T t) return t;
        return null;
    }

    /// <summary>An error page shaped like nginx's (<c>&lt;h1&gt;404 Not Found&lt;/h1&gt;</c>), from the controller's default backend.</summary>
    internal static async Task ErrorAsync(HttpContext context, int status, string text)
    {
        if (context.Response.HasStarted) { context.Abort(); return; }
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html";
        var body = Encoding.UTF8.GetBytes(
            $"<html>\r\n<head><title>{status} {text}</title></head>\r\n<body>\r\n<center><h1>{status} {text}</h1></center>\r\n<hr><center>kubecore-ingress</center>\r\n</body>\r\n</html>\r\n");
        context.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method)) await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
