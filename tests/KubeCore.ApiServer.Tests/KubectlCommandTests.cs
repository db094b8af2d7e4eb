using System.Text.RegularExpressions;

namespace KubeCore.ApiServer.Tests;

/// <summary>
/// The real kubectl against <c>kubecore serve</c>: create, wait, rollout pause/resume/restart, edit with a scripted
/// EDITOR, diff (server-side dry run), logs -f/--tail of a deployment, exec, cordon and drain (eviction).
/// </summary>
public sealed class KubectlCommandTests(ServeFixture serve) : IClassFixture<ServeFixture>
{
    private Kubectl K => serve.Kubectl;

    [Fact]
    public async Task Create_wait_and_rollout_pause_resume_restart()
    {
        Assert.Equal("namespace/roll created\n", await K.OkAsync("create namespace roll"));
        Assert.Equal("configmap/settings created\n", await K.OkAsync("create configmap settings -n roll --from-literal=greeting=hi"));
        Assert.Equal("hi", await K.OkAsync("get configmap settings -n roll -o jsonpath={.data.greeting}"));
        Assert.Equal("deployment.apps/api created\n", await K.OkAsync("create deployment api -n roll --image=api:v1 --replicas=2"));
        Assert.Equal("deployment.apps/api condition met\n", await K.OkAsync("wait --for=condition=Available deploy/api -n roll --timeout=60s"));

        Assert.Equal("deployment.apps/api paused\n", await K.OkAsync("rollout pause deploy/api -n roll"));
        await K.OkAsync("set image deploy/api api=api:v2 -n roll");
        // Paused: the template changed but no new ReplicaSet is made, and Progressing says why.
        await Eventually(async () => await K.OkAsync(["get", "deploy", "api", "-n", "roll", "-o", "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}"]) == "DeploymentPaused");
        Assert.Single(Rows(await K.OkAsync("get rs -n roll")));
        Assert.Equal("deployment.apps/api resumed\n", await K.OkAsync("rollout resume deploy/api -n roll"));
        Assert.Contains("successfully rolled out", await K.OkAsync("rollout status deploy/api -n roll --timeout=60s"));
        Assert.Equal("api:v2 api:v2", await K.OkAsync("get pods -n roll -l app=api -o jsonpath={.items[*].spec.containers[0].image}"));

        var before = (await K.OkAsync("get pods -n roll -o name")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("deployment.apps/api restarted\n", await K.OkAsync("rollout restart deploy/api -n roll"));
        Assert.Contains("successfully rolled out", await K.OkAsync("rollout status deploy/api -n roll --timeout=60s"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", await K.OkAsync(["get", "deploy", "api", "-n", "roll", "-o", "jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}"]));
        await Eventually(async () =>
        {
            var now = (await K.OkAsync("get pods -n roll -o name")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return now.Length == 2 && !now.Intersect(before).Any();
        });
        var history = await K.OkAsync("rollout history deploy/api -n roll");
        Assert.Matches(@"(?m)^REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n3\s+<none>\n", history);
    }

    [Fact]
    public async Task Edit_with_a_scripted_editor_and_diff_against_the_live_object()
    {
        await K.OkAsync("create namespace edit");
        await K.OkAsync("create deployment web -n edit --image=web:v1 --replicas=2");
        var editor = Path.Combine(serve.Dir, "editor.sh");
        File.WriteAllText(editor, "#!/bin/sh\nsed -i 's/replicas: 2/replicas: 1/; s/image: web:v1/image: web:v2/' \"$1\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using (var edit = new Kubectl(serve.Kubeconfig))
        {
            edit.Env["EDITOR"] = editor;
            Assert.Equal("deployment.apps/web edited\n", await edit.OkAsync("edit deploy/web -n edit"));
        }
        Assert.Equal("1 web:v2", await K.OkAsync(["get", "deploy", "web", "-n", "edit", "-o", "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}"]));

        var manifest = Path.Combine(serve.Dir, "edit-web.yaml");
        File.WriteAllText(manifest, await K.OkAsync("get deploy web -n edit -o yaml"));
        var (same, sameOut, sameErr) = await K.RunAsync(["diff", "-f", manifest]);
        Assert.True(same == 0, $"diff of the live object: exit {same}\n{sameOut}\n{sameErr}");
        Assert.Equal("", sameOut);

        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("  replicas: 1\n", "  replicas: 4\n"));
        var (changed, diff, _) = await K.RunAsync(["diff", "-f", manifest]);
        Assert.Equal(1, changed);
        Assert.Matches(@"(?m)^-  replicas: 1$", diff);
        Assert.Matches(@"(?m)^\+  replicas: 4$", diff);
        Assert.Matches(@"(?m)^-  generation: 2$", diff);
        Assert.Matches(@"(?m)^\+  generation: 3$", diff);
        Assert.Equal("1", await K.OkAsync("get deploy web -n edit -o jsonpath={.spec.replicas}")); // a dry run

        // An object that does not exist yet diffs against nothing (a dry-run create).
        var (added, created, _) = await K.RunAsync("diff -f -", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fresh, namespace: edit}\ndata: {a: b}\n");
        Assert.Equal(1, added);
        Assert.Matches(@"(?m)^\+kind: ConfigMap$", created);
        Assert.Matches(@"(?m)^\+  a: b$", created);
        Assert.Equal(1, (await K.RunAsync("get configmap fresh -n edit")).ExitCode);
    }

    [Fact]
    public async Task Logs_follow_and_tail_of_a_deployment_and_exec_into_it()
    {
        await K.OkAsync("create namespace logs");
        await K.OkAsync("create deployment talker -n logs --image=talker:v1");
        await K.OkAsync("wait --for=condition=Available deploy/talker -n logs --timeout=60s");
        var pod = (await K.OkAsync("get pods -n logs -o name")).Trim()["pod/".Length..];

        var started = $"kubecore-sim: starting container talker (image talker:v1) in pod logs/{pod}";
        Assert.Matches($@"^\d{{4}}-\d\d-\d\dT[\d:.]+Z {Regex.Escape(started)}\n$", await K.OkAsync("logs deploy/talker -n logs"));
        Assert.Equal("", await K.OkAsync("logs deploy/talker -n logs --tail=0"));
        Assert.Equal(pod + "\n", await K.OkAsync("exec deploy/talker -n logs -- hostname"));

        await using var follow = K.Start("logs", "-f", "--tail=1", "deploy/talker", "-n", "logs");
        await follow.WaitForLineAsync(l => l.EndsWith(started, StringComparison.Ordinal), "the container's start");
        // Deleting the pod stops the container: its last line arrives on the open stream, which then ends.
        var delete = K.OkAsync($"delete pod {pod} -n logs");
        await follow.WaitForLineAsync(l => l.EndsWith("received SIGTERM, shutting down", StringComparison.Ordinal), "SIGTERM");
        Assert.Equal(0, await follow.WaitForExitAsync());
        Assert.Equal($"pod \"{pod}\" deleted\n", await delete);
    }

    [Fact]
    public async Task Cordon_and_drain_evict_pods_onto_the_remaining_node()
    {
        await K.OkAsync("create namespace drain");
        await K.OkAsync("create deployment spread -n drain --image=spread:v1 --replicas=6");
        await K.OkAsync("rollout status deploy/spread -n drain --timeout=60s");
        try
        {
            Assert.Equal("node/node-1 cordoned\n", await K.OkAsync("cordon node-1"));
            Assert.Matches(@"(?m)^node-1\s+Ready,SchedulingDisabled\s", await K.OkAsync("get nodes"));
            var onNode2 = Rows(await K.OkAsync("get pods -n drain -o wide --field-selector=spec.nodeName=node-2")).Select(r => r.Split(' ')[0]).ToArray();
            Assert.NotEmpty(onNode2);

            var drained = await K.OkAsync("drain node-2 --ignore-daemonsets --delete-emptydir-data --timeout=60s");
            Assert.StartsWith("node/node-2 cordoned\n", drained);
            foreach (var name in onNode2)
            {
                Assert.Contains($"evicting pod drain/{name}\n", drained);
                Assert.Contains($"pod/{name} evicted\n", drained);
            }
            Assert.EndsWith("node/node-2 drained\n", drained);

            await K.OkAsync("rollout status deploy/spread -n drain --timeout=60s");
            var nodes = (await K.OkAsync("get pods -n drain -o jsonpath={.items[*].spec.nodeName}")).Split(' ');
            Assert.Equal(6, nodes.Length);
            Assert.DoesNotContain("node-2", nodes);
        }
        finally
        {
            await K.RunAsync("uncordon node-1 node-2");
        }
        Assert.Matches(@"(?m)^node-2\s+Ready\s", await K.OkAsync("get nodes"));
    }

    private static string[] Rows(string table) => table.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];

    /// <summary>Polls a kubectl-observed condition with a deadline (the cluster's controllers run on their own).</summary>
    private static async Task Eventually(Func<Task<bool>> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(100);
        }
    }
}
