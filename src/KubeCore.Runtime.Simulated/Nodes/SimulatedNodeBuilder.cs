using KubeCore.Models;

namespace KubeCore.Runtime.Simulated.Nodes;

/// <summary>Fluent configuration of simulated nodes added with <c>AddNodes</c>.</summary>
public sealed class SimulatedNodeBuilder
{
    private readonly List<Action<SimulatedNodeOptions>> _configure = [];

    /// <summary>Node names are this prefix plus a 1-based number. Default <c>node-</c>.</summary>
    public string NamePrefix { get; private set; } = "node-";

    /// <summary>The runtime the nodes share (workloads, registry, logs).</summary>
    public SimulatedRuntime Runtime { get; private set; } = new();

    /// <summary>Sets the name prefix (<c>node-</c> gives <c>node-1</c>, <c>node-2</c>, …).</summary>
    public SimulatedNodeBuilder WithNamePrefix(string prefix) { NamePrefix = prefix; return this; }

    /// <summary>Sets capacity (and allocatable, equal to it).</summary>
    public SimulatedNodeBuilder WithCapacity(string cpu = "4", string memory = "8Gi", int pods = 110) => Configure(o =>
    {
        o.Capacity["cpu"] = Quantity.Parse(cpu);
        o.Capacity["memory"] = Quantity.Parse(memory);
        o.Capacity["pods"] = Quantity.FromInt64(pods);
    });

    /// <summary>Sets allocatable resources separately from capacity.</summary>
    public SimulatedNodeBuilder WithAllocatable(string cpu, string memory, int pods) => Configure(o =>
        o.Allocatable = new(StringComparer.Ordinal) { ["cpu"] = Quantity.Parse(cpu), ["memory"] = Quantity.Parse(memory), ["pods"] = Quantity.FromInt64(pods) });

    /// <summary>Adds a label to every node.</summary>
    public SimulatedNodeBuilder WithLabel(string key, string value) => Configure(o => o.Labels[key] = value);

    /// <summary>Adds a taint to every node.</summary>
    public SimulatedNodeBuilder WithTaint(string key, string? value, string effect) => Configure(o => o.Taints.Add(new Taint { Key = key, Value = value, Effect = effect }));

    /// <summary>Sets the simulated image pull duration (default 0 s).</summary>
    public SimulatedNodeBuilder WithImagePullDuration(TimeSpan duration) => Configure(o => o.ImagePullDuration = duration);

    /// <summary>Sets the simulated container start duration (default 0 s).</summary>
    public SimulatedNodeBuilder WithContainerStartDuration(TimeSpan duration) => Configure(o => o.ContainerStartDuration = duration);

    /// <summary>Uses a runtime shared with other nodes or read by tests (logs).</summary>
    public SimulatedNodeBuilder UseRuntime(SimulatedRuntime runtime) { Runtime = runtime ?? throw new ArgumentNullException(nameof(runtime)); return this; }

    /// <summary>Configures the runtime's workloads and registry.</summary>
    public SimulatedNodeBuilder ConfigureRuntime(Action<Workloads.SimulatedRuntimeOptions> configure) { configure(Runtime.Options); return this; }

    /// <summary>Any other node setting.</summary>
    public SimulatedNodeBuilder Configure(Action<SimulatedNodeOptions> configure) { _configure.Add(configure); return this; }

    internal SimulatedNodeOptions BuildOptions(int number)
    {
        var options = new SimulatedNodeOptions { Name = NamePrefix + number, Index = number };
        foreach (var c in _configure) c(options);
        return options;
    }
}
