using ConfigMapWatcher;
using k8s;

// Runs the mirror against the cluster in your kubeconfig, e.g. the one `kubecore serve --kubeconfig ./kubeconfig` writes:
//   KUBECONFIG=./kubeconfig dotnet run --project samples/ConfigMapWatcher -- default
var config = KubernetesClientConfiguration.BuildDefaultConfig();
using var client = new Kubernetes(config);
var ns = args.FirstOrDefault() ?? "default";
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
Console.WriteLine($"mirroring ConfigMaps labelled {ConfigMapMirror.Label}=true in {ns} into Secrets (Ctrl-C stops)");
try { await new ConfigMapMirror(client, ns, TimeProvider.System).RunAsync(stop.Token); }
catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
