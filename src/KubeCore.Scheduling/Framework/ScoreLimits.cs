namespace KubeCore.Scheduling.Framework;

/// <summary>Score bounds and the shared normalization helper.</summary>
public static class ScoreLimits
{
    /// <summary>The highest score a plugin gives after normalization (100).</summary>
    public const long MaxNodeScore = 100;

    /// <summary>The lowest score (0).</summary>
    public const long MinNodeScore = 0;

    /// <summary>
    /// Scales scores so the highest becomes <paramref name="maxPriority"/> (upstream <c>DefaultNormalizeScore</c>);
    /// with <paramref name="reverse"/> the lowest raw score becomes the best.
    /// </summary>
    public static void DefaultNormalize(long maxPriority, bool reverse, Span<NodeScore> scores)
    {
        long max = 0;
        foreach (var s in scores) max = Math.Max(max, s.Score);
        if (max == 0)
        {
            if (reverse) for (var i = 0; i < scores.Length; i++) scores[i].Score = maxPriority;
            return;
        }
        for (var i = 0; i < scores.Length; i++)
        {
            var score = maxPriority * scores[i].Score / max;
            scores[i].Score = reverse ? maxPriority - score : score;
        }
    }
}
