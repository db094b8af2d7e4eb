using System.CommandLine;
using KubeCore.Cli;

var root = new RootCommand("kubecore: an embeddable Kubernetes control plane for .NET")
{
    ServeCommand.Create(),
};
// Commands handle Ctrl-C and SIGTERM themselves (serve stops the cluster cleanly, however long that takes).
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
