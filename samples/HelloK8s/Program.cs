// The hello-k8s walk-through (seed notes 000 and 004) on an embedded cluster and virtual time: three simulated nodes,
// scheduler and controllers in this process; each step prints what the matching kubectl command would show.
using HelloK8s;
using Spectre.Console;

// Piped output (CI, a file) has no terminal width: use one wide enough for kubectl's tables.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160;
await using var story = new HelloStory(AnsiConsole.Console);
try
{
    await story.RunAsync();
    return 0;
}
catch (StoryException e)
{
    AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
    return 1;
}
