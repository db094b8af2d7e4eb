using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.ApiServer.Tests;

/// <summary>
/// Watches on a cluster clock that never moves, so no periodic BOOKMARK (one a minute) can stand in for the first
/// event: the response must start as soon as the watch is registered, as kube-apiserver's does.
/// </summary>
public sealed class WatchStartTests : ApiServerTest
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    protected override KubeClusterBuilder Configure(KubeClusterBuilder builder) => builder.UseTimeProvider(_time);

    [Fact]
    public async Task A_watch_with_nothing_to_send_yet_answers_200_at_once_then_streams_later_events()
    {
        // What `kubectl rollout status` and `kubectl wait` do: list, then watch from the list's resourceVersion. When the
        // listed object already satisfies them they stop the watch, and client-go waits for the watch's response
        // headers before exiting, so headers held back until a first event made kubectl hang until the next bookmark.
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "w" } }, "default");
        var listed = await Client.CoreV1.ListNamespacedConfigMapAsync("default", fieldSelector: "metadata.name=w");

        // Only guards against hanging: with the clock frozen, nothing else could produce a byte on this stream.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await Http.GetAsync(
            $"/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true&fieldSelector=metadata.name%3Dw&resourceVersion={listed.Metadata.ResourceVersion}",
            HttpCompletionOption.ResponseHeadersRead, guard.Token);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);

        created.Data = new Dictionary<string, string> { ["a"] = "b" };
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "w", "default");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(guard.Token));
        using var modified = JsonDocument.Parse((await reader.ReadLineAsync(guard.Token))!);
        Assert.Equal("MODIFIED", modified.RootElement.GetProperty("type").GetString());
        Assert.Equal("b", modified.RootElement.GetProperty("object").GetProperty("data").GetProperty("a").GetString());
    }
}
