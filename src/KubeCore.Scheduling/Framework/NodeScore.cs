namespace KubeCore.Scheduling.Framework;

/// <summary>A node's score from one plugin (0 to <see cref="ScoreLimits.MaxNodeScore"/> after normalization).</summary>
public struct NodeScore
{
    /// <summary>Creates a score.</summary>
    public NodeScore(string name, long score)
    {
        Name = name;
        Score = score;
    }

    /// <summary>The node.</summary>
    public string Name { get; set; }

    /// <summary>The score.</summary>
    public long Score { get; set; }
}
