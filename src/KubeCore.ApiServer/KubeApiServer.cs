using System.Security.Cryptography.X509Certificates;
using KubeCore.ApiServer.Handlers;
using KubeCore.ApiServer.Security;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeCore.ApiServer;

/// <summary>
/// A Kubernetes-compatible HTTP API in front of a <see cref="KubeCluster"/>: kubectl, the official clients and curl see
/// a small kube-apiserver on loopback. Start one with <see cref="StartAsync"/> or run it with the cluster through
/// <c>builder.UseApiServer()</c>.
/// </summary>
public sealed class KubeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;

    private readonly X509Certificate2? _ownedServerCertificate;

    private KubeApiServer(WebApplication app, CancellationTokenSource stopping, Uri baseAddress, KubeCertificateAuthority? certificateAuthority,
        X509Certificate2? ownedServerCertificate)
    {
        _app = app;
        _stopping = stopping;
        BaseAddress = baseAddress;
        CertificateAuthority = certificateAuthority;
        _ownedServerCertificate = ownedServerCertificate;
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:6443/</c> (or <c>https://…</c> with <see cref="KubeApiServerOptions.Tls"/>).</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// The CA behind HTTPS (given in <see cref="KubeApiServerTlsOptions.CertificateAuthority"/> or generated), or null
    /// over plain HTTP or with only a serving certificate of your own. Clients trust its <see cref="KubeCertificateAuthority.CertificatePem"/>;
    /// <see cref="KubeCertificateAuthority.IssueClientCertificate"/> makes certificates this server authenticates.
    /// </summary>
    public KubeCertificateAuthority? CertificateAuthority { get; }

    /// <summary>Starts serving <paramref name="cluster"/>'s API over HTTP (or HTTPS with <see cref="KubeApiServerOptions.Tls"/>).</summary>
    /// <example><code>await using var server = await KubeApiServer.StartAsync(cluster, new KubeApiServerOptions { Port = 6443 });</code></example>
    public static async Task<KubeApiServer> StartAsync(KubeCluster cluster, KubeApiServerOptions? options = null, ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        options ??= new KubeApiServerOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(KubeApiServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        if (loggerFactory is not null) builder.Services.AddSingleton(loggerFactory);
        var tls = options.Tls;
        var certificateAuthority = tls is null ? null : tls.CertificateAuthority ?? (tls.ServerCertificate is null ? KubeCertificateAuthority.Create() : null);
        var serverCertificate = tls?.ServerCertificate ?? certificateAuthority?.IssueServerCertificate(tls!.HostNames);
        var ownedCertificate = tls?.ServerCertificate is null ? serverCertificate : null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(System.Net.IPAddress.Parse(options.Address), options.Port, listen =>
            {
                if (serverCertificate is null) return;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = serverCertificate,
                    // Ask for a certificate but let every one through the handshake: the authenticator verifies it and
                    // answers 401, as kube-apiserver (tls.RequestClientCert) does; token users send none.
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    ClientCertificateValidation = (_, _, _) => true,
                });
            });
            k.Limits.MaxRequestBodySize = 3 * 1024 * 1024; // kube-apiserver's 3 MiB request limit
        });
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(5));
        // An embedded server must not take over the process's Ctrl-C/SIGTERM handling; its owner decides when to stop.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        var app = builder.Build();
        var stopping = new CancellationTokenSource();
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<KubeApiServer>();
        app.UseKubernetesApi(cluster, options, logger, stopping.Token, certificateAuthority);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            ownedCertificate?.Dispose();
            throw new InvalidOperationException($"cannot listen on {options.Address}:{options.Port}: {e.Message}", e);
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KubeApiServer(app, stopping, new Uri(address.EndsWith('/') ? address : address + "/"), certificateAuthority, ownedCertificate);
    }

    /// <summary>Ends open watches and stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _ownedServerCertificate?.Dispose();
    }
}

/// <summary>A host lifetime that leaves process signals alone.</summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Hosts the Kubernetes API in an ASP.NET Core pipeline.</summary>
public static class KubernetesApiApplicationBuilderExtensions
{
    /// <summary>
    /// Serves <paramref name="cluster"/>'s Kubernetes API from this pipeline (every path: <c>/api</c>, <c>/apis</c>,
    /// <c>/version</c>, <c>/openapi</c>, …). Use it to put the API into your own ASP.NET Core application or test host.
    /// </summary>
    public static IApplicationBuilder UseKubernetesApi(this IApplicationBuilder app, KubeCluster cluster, KubeApiServerOptions? options = null) =>
        app.UseKubernetesApi(cluster, options ?? new KubeApiServerOptions(), NullLogger.Instance, CancellationToken.None);

    internal static IApplicationBuilder UseKubernetesApi(this IApplicationBuilder app, KubeCluster cluster, KubeApiServerOptions options, ILogger logger, CancellationToken stopping,
        KubeCertificateAuthority? certificateAuthority = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(cluster);
        var api = new KubeHttpApi(cluster, options, logger, stopping, certificateAuthority);
        app.UseWebSockets(); // pods/exec and pods/attach
        app.Run(api.HandleAsync);
        return app;
    }
}
