namespace KubeCore.ApiServer.Tests;

/// <summary>
/// One <c>kubecore serve</c> (its own code path: three simulated nodes, the scheduler and the controllers on port 0)
/// shared by the tests of a class (<c>IClassFixture&lt;ServeFixture&gt;</c>); tests keep to their own names or namespaces.
/// </summary>
public sealed class ServeFixture : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private Task<int>? _serve;

    /// <summary>A scratch directory removed with the fixture.</summary>
    public string Dir { get; } = Directory.CreateTempSubdirectory("kubecore-serve-").FullName;

    /// <summary>The kubeconfig <c>serve</c> wrote.</summary>
    public string Kubeconfig => Path.Combine(Dir, "config");

    public Kubectl Kubectl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var started = new TaskCompletionSource();
        _serve = Cli.ServeCommand.RunAsync(new Cli.ServeCommand.ServeOptions(0, Kubeconfig, 3, "4", "8Gi"), TextWriter.Null, _stop.Token, _ => started.TrySetResult());
        await Task.WhenAny(started.Task, _serve);
        Assert.True(started.Task.IsCompleted, "kubecore serve did not start");
        Kubectl = new Kubectl(Kubeconfig);
    }

    /// <summary>Writes <paramref name="files"/> (name → content) into a new folder under <see cref="Dir"/> and returns its path.</summary>
    public string Folder(string name, params (string File, string Content)[] files)
    {
        var path = Path.Combine(Dir, name);
        Directory.CreateDirectory(path);
        foreach (var (file, content) in files) File.WriteAllText(Path.Combine(path, file), content);
        return path;
    }

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        Assert.Equal(0, await _serve!);
        Kubectl.Dispose();
        Directory.Delete(Dir, recursive: true);
    }
}
