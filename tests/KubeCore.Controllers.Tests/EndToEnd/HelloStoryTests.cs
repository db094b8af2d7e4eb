using HelloK8s;
using KubeCore.Models;
using Spectre.Console;

namespace KubeCore.Controllers.Tests.EndToEnd;

/// <summary>The README's demo (<c>dotnet run --project samples/HelloK8s</c>), run in-process, step by step.</summary>
public sealed class HelloStoryTests
{
    [Fact]
    public async Task The_hello_k8s_story_runs_end_to_end_and_every_step_really_happens()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 160;
        await using var story = new HelloStory(console);
        var client = () => story.Cluster.Client;

        await story.StartAsync();
        Assert.Equal(3, (await client().Nodes().ListAsync()).Items.Count);

        await story.ApplyAsync();
        Assert.Contains("Hello from Kubernetes!", output.ToString());
        Assert.Contains("deployment.apps/hello-k8s created", output.ToString());
        Assert.Contains("service/hello-k8s-service created", output.ToString());
        // Through the NodePort Service, the requests went to both pods, alternately.
        Assert.All(story.ServiceAnswers, a => Assert.Matches(@"^Hello from Kubernetes! \(pod hello-k8s-\S+, v1\)$", a));
        Assert.Equal(2, story.ServiceAnswers.Distinct().Count());

        await story.DeletePodAsync();
        var (deleted, replacement) = story.ReplacedPod!.Value;
        Assert.NotEqual(deleted, replacement);
        Assert.Null(await client().Pods("default").TryGetAsync(deleted));

        Assert.Equal("delete a pod", story.Traffic[^1].Step);
        Assert.Empty(story.Traffic[^1].Failed);
        Assert.True(story.Traffic[^1].Answered >= 20);

        await story.ScaleAsync();
        Assert.Equal(3, (await client().Deployments("default").GetAsync(HelloStory.App)).Status!.AvailableReplicas);

        await story.SetImageAsync();
        var mid = story.MidRollout!;
        Assert.Equal(3, mid.Count);
        Assert.Equal(2, mid.Count(p => Image(p) == "hello-k8s:v2" && p.Status!.Phase == "Running"));
        Assert.Single(mid, p => Image(p) == "hello-k8s:v1");
        Assert.Contains("Waiting for deployment \"hello-k8s\" rollout to finish: 2 out of 3 new replicas have been updated...", story.RolloutStatusLines);
        Assert.Equal("deployment \"hello-k8s\" successfully rolled out", story.RolloutStatusLines[^1]);
        Assert.All((await client().Pods("default").ListAsync("app=hello-k8s")).Items, p => Assert.Equal("hello-k8s:v2", Image(p)));

        Assert.Equal("rolling update to v2", story.Traffic[^1].Step);
        Assert.Empty(story.Traffic[^1].Failed);

        await story.RollbackAsync();
        var pods = (await client().Pods("default").ListAsync("app=hello-k8s")).Items;
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p => Assert.Equal("hello-k8s:v1", Image(p)));
        Assert.Equal(2, (await client().ReplicaSets("default").ListAsync()).Items.Count);   // the v1 ReplicaSet came back

        await story.FailNodeAsync();
        var (failedNode, itsPods) = story.FailedNode!.Value;
        Assert.NotEmpty(itsPods);
        var live = (await client().Pods("default").ListAsync("app=hello-k8s")).Items.Where(p => p.Metadata.DeletionTimestamp is null).ToList();
        Assert.Equal(3, live.Count);
        Assert.All(live, p => Assert.NotEqual(failedNode, p.Spec!.NodeName));
        Assert.DoesNotContain(live, p => itsPods.Contains(p.Metadata.Name!));
        Assert.Contains("NotReady", output.ToString());

        var text = output.ToString();
        Assert.Contains("NAME", text);
        Assert.Matches(@"NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE", text);
        Assert.Matches(@"NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE", text);
        Assert.Contains("$ kubectl rollout undo deployment/hello-k8s", text);
    }

    private static string? Image(Pod pod) => pod.Spec?.Containers?[0].Image;
}
