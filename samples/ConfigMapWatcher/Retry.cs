using System.Net;
using k8s.Autorest;

namespace ConfigMapWatcher;

/// <summary>How the operator retries API calls, as client-go-based controllers do.</summary>
public static class Retry
{
    /// <summary>Attempts before giving up.</summary>
    public const int MaxAttempts = 6;

    /// <summary>Runs <paramref name="call"/>, retrying transient failures (see <see cref="IsTransient"/>) after <see cref="DelayFor"/>.</summary>
    public static async Task TransientAsync(Func<Task> call, TimeProvider time, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await call();
                return;
            }
            catch (HttpOperationException e) when (attempt < MaxAttempts && IsTransient(e))
            {
                await Task.Delay(DelayFor(e, attempt), time, cancellationToken);
            }
        }
    }

    /// <summary>409 Conflict (someone wrote first), 429 TooManyRequests, and 500/503/504 are worth another try.</summary>
    public static bool IsTransient(HttpOperationException e) =>
        e.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>A conflict is retried at once (with fresh reads); otherwise the server's Retry-After, else 200 ms doubling per attempt.</summary>
    public static TimeSpan DelayFor(HttpOperationException e, int attempt)
    {
        if (e.Response.StatusCode == HttpStatusCode.Conflict) return TimeSpan.Zero;
        if (e.Response.Headers.TryGetValue("Retry-After", out var values) && int.TryParse(values.FirstOrDefault(), out var seconds))
            return TimeSpan.FromSeconds(seconds);
        return TimeSpan.FromMilliseconds(200 * Math.Pow(2, Math.Min(attempt - 1, 6)));
    }
}
