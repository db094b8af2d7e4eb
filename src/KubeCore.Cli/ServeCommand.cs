using System.CommandLine;
using KubeCore.ApiServer;
using KubeCore.ApiServer.Security;
using KubeCore.Models;
using KubeCore.Runtime.Simulated;
using KubeCore.Runtime.Simulated.Workloads;

namespace KubeCore.Cli;

/// <summary><c>kubecore serve</c>: a whole cluster (store, simulated nodes, controllers, scheduler) behind the HTTP API.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1 (0 picks a free one)", DefaultValueFactory = _ => 6443 };
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "where to write a kubeconfig whose current context points at the server", DefaultValueFactory = _ => "kubecore.kubeconfig" };
        var nodes = new Option<int>("--nodes") { Description = "simulated nodes to start", DefaultValueFactory = _ => 3 };
        var nodeCpu = new Option<string>("--node-cpu") { Description = "CPU capacity of each node (a Kubernetes quantity)", DefaultValueFactory = _ => "4" };
        var nodeMemory = new Option<string>("--node-memory") { Description = "memory capacity of each node (a Kubernetes quantity)", DefaultValueFactory = _ => "8Gi" };
        var tls = new Option<bool>("--tls") { Description = "serve HTTPS with a generated CA, authenticate every request and authorize it with RBAC" };
        var auth = new Option<string>("--auth") { Description = "with --tls, how the kubeconfig's user (kubecore-admin, in system:masters) authenticates: cert or token", DefaultValueFactory = _ => "cert" };
        auth.AcceptOnlyFromAmong("cert", "token");
        var ingressPort = new Option<int>("--ingress-port") { Description = "port on 127.0.0.1 the ingress controller (IngressClass kubecore, the default class) serves Ingresses on; 0 picks a free one, -1 turns it off", DefaultValueFactory = _ => 8080 };
        var store = new Option<string>("--store") { Description = "where the cluster's state lives: memory (default), sqlite:<path> (kept across restarts) or etcd:<endpoints> (shared by several serve processes, which elect a leader)", DefaultValueFactory = _ => "memory" };
        var noNodePorts = new Option<bool>("--no-node-ports") { Description = "don't bind NodePort Services on 127.0.0.1:<nodePort> (by default each is, like a kind port mapping)" };
        var command = new Command("serve", "Run a KubeCore cluster behind a Kubernetes-compatible API on 127.0.0.1 until Ctrl-C or SIGTERM.")
        {
            port, kubeconfig, nodes, nodeCpu, nodeMemory, tls, auth, noNodePorts, ingressPort, store,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(port) is < 0 or > 65535) result.AddError("--port must be between 0 and 65535");
            if (result.GetValue(ingressPort) is < -1 or > 65535) result.AddError("--ingress-port must be between -1 and 65535");
            if (StoreSpec.Parse(result.GetValue(store), out var storeError) is null) result.AddError(storeError!);
            if (result.GetValue(nodes) < 0) result.AddError("--nodes must not be negative");
            if (result.GetResult(auth) is { Implicit: false } && !result.GetValue(tls)) result.AddError("--auth needs --tls");
            foreach (var option in new[] { nodeCpu, nodeMemory })
                if (result.GetValue(option) is { } q && !Quantity.TryParse(q, out _)) result.AddError($"{option.Name}: \"{q}\" is not a Kubernetes quantity");
        });
        command.SetAction(async (result, cancellationToken) =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            void Stop(System.Runtime.InteropServices.PosixSignalContext context)
            {
                context.Cancel = true; // stop cleanly instead of being torn down
                stop.Cancel();
            }
            using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);
            return await RunAsync(new ServeOptions(
                result.GetValue(port), result.GetValue(kubeconfig)!, result.GetValue(nodes), result.GetValue(nodeCpu)!, result.GetValue(nodeMemory)!,
                result.GetValue(tls), result.GetValue(auth) == "token" ? ServeAuth.Token : ServeAuth.Certificate, !result.GetValue(noNodePorts), result.GetValue(ingressPort),
                StoreSpec.Parse(result.GetValue(store), out _)!),
                Console.Out, stop.Token);
        });
        return command;
    }

    /// <summary>The parsed options of <c>serve</c>.</summary>
    internal sealed record ServeOptions(int Port, string Kubeconfig, int Nodes, string NodeCpu, string NodeMemory, bool Tls = false,
        ServeAuth Auth = ServeAuth.Certificate, bool NodePorts = true, int IngressPort = 0, StoreSpec? Store = null);

    /// <summary>How the kubeconfig's user authenticates over TLS.</summary>
    internal enum ServeAuth
    {
        Certificate,
        Token,
    }

    /// <summary>The kubeconfig's user over TLS: a cluster admin, as kubeadm's admin.conf.</summary>
    internal const string AdminUser = "kubecore-admin";

    /// <summary>Starts the cluster, writes the kubeconfig and serves until <paramref name="cancellationToken"/> fires.</summary>
    internal static async Task<int> RunAsync(ServeOptions options, TextWriter output, CancellationToken cancellationToken, Action<KubeApiServer>? started = null)
    {
        KubeCluster cluster;
        using var ca = options.Tls ? KubeCertificateAuthority.Create() : null;
        Kubeconfig.Credentials? credentials = null;
        if (ca is not null)
        {
            if (options.Auth == ServeAuth.Token)
                credentials = new Kubeconfig.Credentials(AdminUser, Token: Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
            else
            {
                using var client = ca.IssueClientCertificate(AdminUser, [KubeUser.MastersGroup]);
                credentials = new Kubeconfig.Credentials(AdminUser, CertificatePem: client.ExportCertificatePem(), KeyPem: KubeCertificateAuthority.ExportPrivateKeyPem(client));
            }
        }
        try
        {
            var storage = await (options.Store ?? StoreSpec.Memory).OpenAsync(cancellationToken);
            cluster = await KubeCluster.CreateBuilder()
                .UseStore(_ => storage)
                // The walk-through's demo images (hello-k8s:v1, :v2) run in-process; any other image gets the default responder.
                .AddNodes(options.Nodes, n => n.UseRuntime(new SimulatedRuntime(r => r.Workloads.MapDemoImages())).WithCapacity(cpu: options.NodeCpu, memory: options.NodeMemory))
                .ConfigureNetwork(n => n.ExposeNodePorts = options.NodePorts)
                .UseIngressControllerIf(options.IngressPort >= 0, o => { o.Port = options.IngressPort; o.IsDefaultClass = true; })
                .UseScheduler()
                .AddBuiltInControllers()
                // default/kubernetes points at this server (with --port 0 the port is only known later: it keeps 6443).
                .ConfigureServiceNetwork(n => { if (options.Port > 0) n.KubernetesServiceEndpointPort = options.Port; })
                .UseApiServer(o =>
                {
                    o.Port = options.Port;
                    if (ca is null) return;
                    o.Tls = new KubeApiServerTlsOptions { CertificateAuthority = ca };
                    // As kube-apiserver's defaults: anonymous requests reach /version and /healthz, RBAC decides the rest.
                    o.Authentication = new KubeAuthenticationOptions { Anonymous = true };
                    if (credentials!.Token is { } token) o.Authentication.Tokens[token] = new KubeUser(AdminUser, [KubeUser.MastersGroup]);
                })
                .StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            // A taken --port or --ingress-port, among others: say so and exit instead of a stack trace.
            await Console.Error.WriteLineAsync($"kubecore serve: {e.Message}");
            return 1;
        }
        await using (cluster)
        {
            var server = cluster.GetApiServer();
            Kubeconfig.Write(options.Kubeconfig, server.BaseAddress, ca?.CertificatePem, credentials);
            var path = Path.GetFullPath(options.Kubeconfig);
            var security = credentials is null ? "plain HTTP, no authentication"
                : $"HTTPS with a generated CA; the kubeconfig's user {AdminUser} (system:masters) authenticates with a {(credentials.Token is null ? "client certificate" : "bearer token")}, RBAC authorizes everyone else";
            await output.WriteLineAsync($"""
                KubeCore is serving a cluster with {options.Nodes} node(s) at {server.BaseAddress}
                Store: {options.Store ?? StoreSpec.Memory}
                Transport: {security}
                Kubeconfig: {path}{(options.IngressPort >= 0 ? $"\nIngress: {cluster.GetIngressController().BaseAddress} (IngressClass kubecore, the default class)" : "")}
                Node ports: {(options.NodePorts ? "each bound on 127.0.0.1:<nodePort>" : "not bound on the host (--no-node-ports)")}

                  export KUBECONFIG={path}
                  kubectl get nodes
                  kubectl create deployment hello --image=hello-k8s:v1 --replicas=2
                  kubectl expose deployment hello --type=NodePort --port=80 --target-port=8080
                  kubectl get svc hello          # then: curl 127.0.0.1:<the node port after 80:>

                Press Ctrl-C to stop.
                """);
            started?.Invoke(server);
            try { await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, cancellationToken); }
            catch (OperationCanceledException) { }
            await output.WriteLineAsync("kubecore serve: stopping");
        }
        return 0;
    }
}

/// <summary>Builder steps <c>serve</c> takes only when asked.</summary>
internal static class ServeBuilderExtensions
{
    /// <summary>Runs the ingress controller when <paramref name="enabled"/>.</summary>
    public static KubeClusterBuilder UseIngressControllerIf(this KubeClusterBuilder builder, bool enabled, Action<Runtime.Simulated.Networking.Ingress.IngressControllerOptions> configure) =>
        enabled ? builder.UseIngressController(configure) : builder;
}
