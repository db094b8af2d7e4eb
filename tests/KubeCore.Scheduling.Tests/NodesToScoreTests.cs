namespace KubeCore.Scheduling.Tests;

public sealed class NodesToScoreTests
{
    [Theory]
    [InlineData(50, 50)]     // under 100 nodes: every node
    [InlineData(100, 100)]   // 50 % of 100 is below the 100-node floor
    [InlineData(1000, 420)]  // 50 - 1000/125 = 42 %
    [InlineData(5000, 500)]  // 50 - 40 = 10 %
    [InlineData(6000, 300)]  // 50 - 48 = 2 %, floored at 5 %
    public void Adaptive_percentage_matches_upstream(int nodes, int expected) =>
        Assert.Equal(expected, NodesToScore.NumFeasibleNodesToFind(nodes));

    [Theory]
    [InlineData(1000, 30, 300)]
    [InlineData(500, 10, 100)]   // never fewer than 100
    [InlineData(1000, 100, 1000)]
    public void Configured_percentage_is_applied_with_the_100_node_floor(int nodes, int percentage, int expected) =>
        Assert.Equal(expected, NodesToScore.NumFeasibleNodesToFind(nodes, percentage));
}
