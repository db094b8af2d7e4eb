using System.Globalization;
using System.Text;
using KubeCore.Api;
using KubeCore.ApiServer.Routing;
using KubeCore.ApiServer.Streaming;
using KubeCore.Models;
using KubeCore.Nodes;
using KubeCore.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace KubeCore.ApiServer.Handlers;

/// <summary>
/// <c>pods/log</c>, <c>pods/exec</c> and <c>pods/attach</c>: validated and resolved to a container here, as kube-apiserver
/// does, then proxied to the pod's node agent (<see cref="KubeCluster.Kubelets"/>).
/// </summary>
internal sealed partial class KubeHttpApi
{
    private static readonly GroupResource PodsLog = new("", "pods/log");

    /// <summary>Handles the pod streaming subresources; false when <paramref name="info"/> is none of them.</summary>
    private bool TryHandlePodStream(HttpContext context, RequestInfo info, ResourceDefinition resource, string ns, string name, QueryParameters query, out Task handled)
    {
        handled = Task.CompletedTask;
        if (resource.Group != "" || resource.Plural != "pods") return false;
        var method = context.Request.Method;
        switch (info.Subresource)
        {
            case "log" when HttpMethods.IsGet(method):
                handled = PodLogAsync(context, ns, name, query);
                return true;
            case "exec" or "attach" when HttpMethods.IsGet(method) || HttpMethods.IsPost(method):
                handled = PodExecAsync(context, info.Subresource, ns, name, query);
                return true;
        }
        return false;
    }

    private async Task PodLogAsync(HttpContext context, string ns, string name, QueryParameters query)
    {
        var follow = query.Bool("follow");
        var previous = query.Bool("previous");
        var timestamps = query.Bool("timestamps");
        var tailLines = query.Long("tailLines");
        var limitBytes = query.Long("limitBytes");
        var sinceSeconds = query.Long("sinceSeconds");
        var sinceTime = ParseSinceTime(query.String("sinceTime"));
        var errors = new List<FieldError>();
        if (tailLines < 0) errors.Add(FieldError.Invalid(FieldPath.Root("tailLines"), tailLines, "must be greater than or equal to 0"));
        if (limitBytes < 1) errors.Add(FieldError.Invalid(FieldPath.Root("limitBytes"), limitBytes, "must be greater than 0"));
        if (sinceSeconds is not null && sinceTime is not null)
            errors.Add(FieldError.Forbidden(FieldPath.Root(""), "at most one of `sinceTime` or `sinceSeconds` may be specified"));
        else if (sinceSeconds < 1) errors.Add(FieldError.Invalid(FieldPath.Root("sinceSeconds"), sinceSeconds, "must be greater than 0"));
        if (errors.Count > 0) throw ApiErrors.Invalid(new GroupKind("", "PodLogOptions"), name, errors.Select(e => e.ToStatusCause()).ToArray());

        var pod = await GetPodAsync(ns, name, context.RequestAborted).ConfigureAwait(false);
        var container = ResolveContainer(query.String("container"), pod);
        IAsyncEnumerable<string> chunks;
        if (string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            // Not scheduled yet: kube-apiserver has no kubelet to ask and answers an empty log.
            chunks = NoLines();
        }
        else
        {
            var kubelet = Kubelet(pod.Spec.NodeName, $"/containerLogs/{ns}/{name}/{container}");
            var since = sinceSeconds is { } seconds ? Api.TimeProvider.GetUtcNow() - TimeSpan.FromSeconds(seconds) : sinceTime;
            try
            {
                chunks = await kubelet.GetContainerLogsAsync(new ContainerLogRequest(ns, name, container)
                {
                    Follow = follow, Previous = previous, Timestamps = timestamps, SinceTime = since, TailLines = tailLines,
                }, context.RequestAborted).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Code is >= 400 and < 500)
            {
                // kube-apiserver relays the kubelet's refusal with the resource "pods/log".
                throw new KubeApiException(e.Status with { Details = new StatusDetails { Name = name, Kind = PodsLog.Resource,
                    Causes = [new StatusCause { Reason = "UnexpectedServerResponse", Message = e.Status.Message }] } });
            }
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/plain";
        if (follow)
        {
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        }
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        var remaining = limitBytes ?? long.MaxValue;
        try
        {
            await foreach (var chunk in chunks.WithCancellation(stopping.Token).ConfigureAwait(false))
            {
                var bytes = Encoding.UTF8.GetBytes(chunk);
                var n = (int)Math.Min(bytes.Length, remaining);
                await context.Response.Body.WriteAsync(bytes.AsMemory(0, n), stopping.Token).ConfigureAwait(false);
                if (follow) await context.Response.Body.FlushAsync(stopping.Token).ConfigureAwait(false);
                remaining -= n;
                if (remaining <= 0) break;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
    }

    private async Task PodExecAsync(HttpContext context, string subresource, string ns, string name, QueryParameters query)
    {
        var stdin = query.Bool("stdin");
        var stdout = query.Bool("stdout");
        var stderr = query.Bool("stderr");
        var tty = query.Bool("tty");
        var command = query.All("command");
        var pod = await GetPodAsync(ns, name, context.RequestAborted).ConfigureAwait(false);
        var container = ResolveContainer(query.String("container"), pod);
        if (string.IsNullOrEmpty(pod.Spec?.NodeName)) throw ApiErrors.BadRequest($"pod {name} does not have a host assigned");
        if (tty) stderr = false;
        if (!stdin && !stdout && !stderr) throw ApiErrors.BadRequest("you must specify at least 1 of stdin, stdout, stderr");
        var kubelet = Kubelet(pod.Spec.NodeName, $"/{subresource}/{ns}/{name}/{container}");
        var handler = subresource == "exec"
            ? await kubelet.ExecAsync(new ContainerExecRequest(ns, name, container, command) { Stdin = stdin, Tty = tty }, context.RequestAborted).ConfigureAwait(false)
            : await kubelet.AttachAsync(new ContainerAttachRequest(ns, name, container) { Stdin = stdin, Tty = tty }, context.RequestAborted).ConfigureAwait(false);

        // Only the WebSocket channel protocols are served (kubectl 1.32 tries them first); SPDY upgrades get a Status.
        if (!context.WebSockets.IsWebSocketRequest)
            throw ApiErrors.BadRequest($"Upgrade request required: pods/{subresource} is served over WebSocket ({ChannelWebSocket.V5} or {ChannelWebSocket.V4}); SPDY is not supported");
        var protocol = ChannelWebSocket.Negotiate(context.WebSockets.WebSocketRequestedProtocols)
            ?? throw ApiErrors.BadRequest($"requested protocol(s) are not supported: [{string.Join(" ", context.WebSockets.WebSocketRequestedProtocols)}]; supports [{string.Join(" ", ChannelWebSocket.Protocols)}]");
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new Microsoft.AspNetCore.Http.WebSocketAcceptContext
        {
            SubProtocol = protocol.Length == 0 ? null : protocol,
            KeepAliveInterval = TimeSpan.FromSeconds(30),
        }).ConfigureAwait(false);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        await new ChannelWebSocket(socket, protocol).RunAsync(handler, stdin, stdout, stderr, tty, subresource == "exec" ? command : null, stopping.Token).ConfigureAwait(false);
    }

    private async Task<Pod> GetPodAsync(string ns, string name, CancellationToken ct)
    {
        var pods = _cluster.Resources.Get<Pod>();
        return (Pod)await Api.GetAsync(pods, ns, name, new GetOptions(), ct).ConfigureAwait(false);
    }

    /// <summary>The node's agent, or the error kube-apiserver reports when it cannot reach the kubelet.</summary>
    private IKubeletApi Kubelet(string node, string path) =>
        _cluster.Kubelets.TryGet(node, out var kubelet)
            ? kubelet
            : throw new KubeApiException(new Status
            {
                StatusValue = Status.Failure,
                Code = StatusCodes.Status500InternalServerError,
                Reason = StatusReasons.InternalError,
                Message = $"Get \"https://{node}:10250{path}\": dial tcp {node}:10250: connect: connection refused",
            });

    /// <summary>The container a request names, or the pod's only container; kube-apiserver's <c>validateContainer</c> wording.</summary>
    private static string ResolveContainer(string? container, Pod pod)
    {
        var spec = pod.Spec;
        var name = pod.Metadata.Name;
        if (string.IsNullOrEmpty(container))
        {
            var containers = spec?.Containers ?? [];
            if (containers.Count == 1) return containers[0].Name;
            if (containers.Count == 0) throw ApiErrors.BadRequest($"a container name must be specified for pod {name}");
            var all = (spec!.InitContainers ?? []).Select(c => c.Name).Concat(containers.Select(c => c.Name));
            throw ApiErrors.BadRequest($"a container name must be specified for pod {name}, choose one of: [{string.Join(" ", all)}]");
        }
        var known = (spec?.Containers ?? []).Any(c => c.Name == container) || (spec?.InitContainers ?? []).Any(c => c.Name == container);
        return known ? container : throw ApiErrors.BadRequest($"container {container} is not valid for pod {name}");
    }

    private static async IAsyncEnumerable<string> NoLines()
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield break;
    }

    /// <summary>Parses <c>sinceTime</c> as RFC 3339 (seconds precision on the wire), with Go's complaint otherwise.</summary>
    private static DateTimeOffset? ParseSinceTime(string? value)
    {
        if (value is null) return null;
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            && value.Contains('T', StringComparison.Ordinal)
            ? t
            : throw ApiErrors.BadRequest($"parsing time {FieldError.GoQuote(value)} as \"2006-01-02T15:04:05Z07:00\": cannot parse {FieldError.GoQuote(value)} as \"2006\"");
    }
}
