namespace KubeCore.Scheduling;

/// <summary>How many feasible nodes a cycle looks for before scoring (upstream <c>numFeasibleNodesToFind</c>).</summary>
public static class NodesToScore
{
    /// <summary>Below this many nodes every node is considered (100).</summary>
    public const int MinFeasibleNodesToFind = 100;

    /// <summary>The lowest adaptive percentage (5).</summary>
    public const int MinFeasibleNodesPercentageToFind = 5;

    /// <summary>
    /// The number of feasible nodes to find among <paramref name="numAllNodes"/>; <paramref name="percentage"/> 0 is
    /// adaptive (<c>50 − nodes/125</c>, at least 5 %), and the result is never below 100 nodes.
    /// </summary>
    public static int NumFeasibleNodesToFind(int numAllNodes, int percentage = 0)
    {
        if (numAllNodes < MinFeasibleNodesToFind || percentage >= 100) return numAllNodes;
        if (percentage <= 0)
        {
            percentage = 50 - numAllNodes / 125;
            if (percentage < MinFeasibleNodesPercentageToFind) percentage = MinFeasibleNodesPercentageToFind;
        }
        var numNodes = (int)((long)numAllNodes * percentage / 100);
        return numNodes < MinFeasibleNodesToFind ? MinFeasibleNodesToFind : numNodes;
    }
}
