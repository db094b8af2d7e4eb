using KubeCore.Models;
using KubeCore.Printing;

namespace KubeCore.Tests.Printing;

// Cases from k8s.io/apimachinery/pkg/util/duration/duration_test.go (TestHumanDuration, TestHumanDurationBoundaries).
public class HumanDurationTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);
    private static TimeSpan S(double s) => TimeSpan.FromSeconds(s);
    private static TimeSpan M(double m) => TimeSpan.FromMinutes(m);
    private static TimeSpan H(double h) => TimeSpan.FromHours(h);

    public static TheoryData<TimeSpan, string> Cases => new()
    {
        { S(1), "1s" },
        { S(70), "70s" },
        { S(190), "3m10s" },
        { M(70), "70m" },
        { H(47), "47h" },
        { H(49), "2d1h" },
        { H(8 * 24 + 2), "8d" },
        { H(367 * 24), "367d" },
        { H(365 * 2 * 24 + 25), "2y1d" },
        { H(365 * 8 * 24 + 2), "8y" },
    };

    public static TheoryData<TimeSpan, string> Boundaries => new()
    {
        { S(-2), "<invalid>" },
        { S(-2) + TimeSpan.FromTicks(1), "0s" },
        { TimeSpan.Zero, "0s" },
        { S(1) - Ms, "0s" },
        { M(2) - Ms, "119s" },
        { M(2), "2m" },
        { M(2) + S(1), "2m1s" },
        { M(10) - Ms, "9m59s" },
        { M(10), "10m" },
        { M(10) + S(1), "10m" },
        { H(3) - Ms, "179m" },
        { H(3), "3h" },
        { H(3) + M(1), "3h1m" },
        { H(8) - Ms, "7h59m" },
        { H(8), "8h" },
        { H(8) + M(59), "8h" },
        { H(48) - Ms, "47h" },
        { H(48), "2d" },
        { H(49), "2d1h" },
        { H(8 * 24) - Ms, "7d23h" },
        { H(8 * 24), "8d" },
        { H(8 * 24 + 23), "8d" },
        { H(2 * 365 * 24) - Ms, "729d" },
        { H(2 * 365 * 24), "2y" },
        { H(2 * 365 * 24 + 23) + M(59), "2y" },
        { H(2 * 365 * 24 + 24) - Ms, "2y" },
        { H(2 * 365 * 24 + 24), "2y1d" },
        { H(3 * 365 * 24), "3y" },
        { H(8 * 365 * 24) - Ms, "7y364d" },
        { H(8 * 365 * 24), "8y" },
        { H(8 * 365 * 24 + 364 * 24), "8y" },
        { H(9 * 365 * 24), "9y" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    [MemberData(nameof(Boundaries))]
    public void Formats_like_apimachinery(TimeSpan duration, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(duration));

    [Fact]
    public void Since_reads_the_given_clock_and_treats_an_unset_time_as_unknown()
    {
        var now = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal("5m", HumanDuration.Since(KubeTime.FromDateTimeOffset(now.AddMinutes(-5)), now));
        Assert.Equal("3h2m", HumanDuration.Since(KubeTime.FromDateTimeOffset(now.AddMinutes(-182)), now));
        Assert.Equal("<unknown>", HumanDuration.Since((KubeTime?)null, now));
    }
}
