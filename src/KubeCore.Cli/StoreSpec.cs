using KubeCore.Storage;
using KubeCore.Storage.Memory;

namespace KubeCore.Cli;

/// <summary>
/// The <c>--store</c> argument of <c>kubecore serve</c>: <c>memory</c> (the default), <c>sqlite:&lt;path&gt;</c> or
/// <c>etcd:&lt;endpoints&gt;</c> (comma-separated URLs).
/// </summary>
internal sealed record StoreSpec(string Scheme, string Target)
{
    /// <summary>The in-memory default.</summary>
    public static StoreSpec Memory { get; } = new("memory", "");

    /// <summary>Parses <paramref name="text"/>; null with <paramref name="error"/> set when it is not a store this build knows.</summary>
    public static StoreSpec? Parse(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text) || text == "memory") return Memory;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon < 0 ? text : text[..colon];
        var target = colon < 0 ? "" : text[(colon + 1)..];
        switch (scheme)
        {
            case "sqlite" or "etcd" when target.Length == 0:
                error = $"--store {scheme}: needs a {(scheme == "sqlite" ? "database path, e.g. sqlite:kubecore.db" : "list of endpoints, e.g. etcd:http://127.0.0.1:2379")}";
                return null;
            case "sqlite" or "etcd":
                return new StoreSpec(scheme, target);
            default:
                error = $"--store \"{text}\": expected memory, sqlite:<path> or etcd:<endpoints>";
                return null;
        }
    }

    /// <summary>Whether several <c>kubecore serve</c> processes can share this store (they then elect a leader).</summary>
    public bool IsShared => Scheme == "etcd";

    /// <summary>Opens the store; the cluster owns (and disposes) what this returns.</summary>
    public Task<IStorageBackend> OpenAsync(CancellationToken cancellationToken) => Scheme switch
    {
        "memory" => Task.FromResult<IStorageBackend>(new InMemoryStorageBackend()),
        // sqlite and etcd are wired by their packages (KubeCore.Storage.Sqlite, KubeCore.Storage.Etcd).
        _ => throw new InvalidOperationException($"store {Scheme} is not available in this build"),
    };

    /// <summary>How <c>serve</c> describes the store on start-up.</summary>
    public override string ToString() => Scheme == "memory" ? "in memory (lost on exit; --store sqlite:<path> keeps it)" : $"{Scheme} {Target}";
}
