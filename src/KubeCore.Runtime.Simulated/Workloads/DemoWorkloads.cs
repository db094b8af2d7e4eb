using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace KubeCore.Runtime.Simulated.Workloads;

/// <summary>
/// Ready-made in-process images: <c>hello-k8s:v1</c> and <c>hello-k8s:v2</c>, the demo app of the hello-k8s walk-through,
/// which answers HTTP on the ports its container declares (<c>$PORT</c>, or 8080, when it declares none) with <c>Hello from Kubernetes!</c>, its pod name and its version.
/// <c>kubecore serve</c> maps them; map them on your own runtime with <see cref="MapDemoImages"/>.
/// </summary>
public static class DemoWorkloads
{
    /// <summary>The demo app's image name, without the tag.</summary>
    public const string HelloKubernetes = "hello-k8s";

    /// <summary>Maps <c>hello-k8s:v1</c> and <c>hello-k8s:v2</c>.</summary>
    public static WorkloadMap MapDemoImages(this WorkloadMap workloads)
    {
        ArgumentNullException.ThrowIfNull(workloads);
        foreach (var version in new[] { "v1", "v2" }) workloads.Map($"{HelloKubernetes}:{version}", Hello(version));
        return workloads;
    }

    /// <summary>
    /// The hello app at <paramref name="version"/>: serves <c>GET /</c> with <c>Hello from Kubernetes! (pod &lt;name&gt;, &lt;version&gt;)</c>
    /// and logs each request; on SIGTERM it keeps answering for <paramref name="drain"/> (default 2 s) while the Service's
    /// endpoints drop it, then exits 0, like a web server shutting down gracefully.
    /// </summary>
    public static Func<WorkloadContext, Task<int>> Hello(string version, TimeSpan? drain = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        var grace = drain ?? TimeSpan.FromSeconds(2);
        return async ctx =>
        {
            IReadOnlyList<int> ports = ctx.DeclaredPorts.Count > 0 ? ctx.DeclaredPorts
                : [ctx.Environment.TryGetValue("PORT", out var p) && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 8080];
            var answer = $"Hello from Kubernetes! (pod {ctx.PodName}, {version})\n";
            foreach (var port in ports)
                ctx.ServeHttp(port, async http =>
                {
                    http.Response.ContentType = "text/plain; charset=utf-8";
                    await http.Response.WriteAsync(answer).ConfigureAwait(false);
                    await ctx.Log.WriteLineAsync($"{http.Request.Method} {http.Request.Path} 200 \"Hello from Kubernetes!\"").ConfigureAwait(false);
                });
            await ctx.Log.WriteLineAsync($"{HelloKubernetes} {version} listening on :{string.Join(", :", ports)}").ConfigureAwait(false);
            try { await Task.Delay(Timeout.InfiniteTimeSpan, ctx.TimeProvider, ctx.Stopping).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
            await ctx.Log.WriteLineAsync("SIGTERM: finishing in-flight requests").ConfigureAwait(false);
            if (grace > TimeSpan.Zero) await Task.Delay(grace, ctx.TimeProvider).ConfigureAwait(false);
            return 0;
        };
    }
}
