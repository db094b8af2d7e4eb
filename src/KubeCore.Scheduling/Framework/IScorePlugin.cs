using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>Ranks feasible nodes. Scores are normalized to 0–100 and multiplied by the plugin's weight in the profile.</summary>
public interface IScorePlugin : IPlugin
{
    /// <summary>The raw score of a node (throw to fail the cycle with an Error status).</summary>
    long Score(CycleState state, Pod pod, NodeInfo node);

    /// <summary>Maps raw scores to 0–<see cref="ScoreLimits.MaxNodeScore"/> (default: leave as is).</summary>
    void NormalizeScore(CycleState state, Pod pod, Span<NodeScore> scores) { }
}
