using System.Text.Json;
using KubeCore.Models;
using KubeCore.Serialization;

namespace KubeCore.Tests.Models;

public class KubeTimeTests
{
    [Fact]
    public void Fractional_seconds_are_accepted_and_written_back_at_second_precision()
    {
        var meta = JsonSerializer.Deserialize<ObjectMeta>("""{"creationTimestamp":"2025-01-02T03:04:05.000000Z"}""", KubeJson.Options)!;
        Assert.Equal("""{"creationTimestamp":"2025-01-02T03:04:05Z"}""", JsonSerializer.Serialize(meta, KubeJson.Options));
    }
}
