using System.Globalization;
using System.Net;
using KubeCore.Api;
using KubeCore.ApiServer.Handlers;
using KubeCore.ApiServer.Routing;
using KubeCore.Models;
using Microsoft.AspNetCore.Http;

namespace KubeCore.ApiServer;

/// <summary>
/// Fault injection for tests: the next N API requests matching a verb, a resource and optionally a name fail with a
/// Kubernetes <c>Status</c> (409, 429 with <c>Retry-After</c>, 500, 503, …) or are delayed on the cluster clock.
/// Faults apply to requests that arrive over the HTTP API (a socket server or the in-process client handler that
/// shares its pipeline), not to calls made in-process on <see cref="KubeCluster.Api"/>, so controllers and the
/// scheduler keep working while the code under test sees the failures.
/// </summary>
/// <example><code>
/// faults.When("update", "configmaps", "settings").FailNext(2, HttpStatusCode.Conflict);
/// faults.When("create", "secrets").FailNext(1, HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromSeconds(5));
/// faults.When("get", "pods").DelayNext(1, TimeSpan.FromSeconds(30));
/// </code></example>
public sealed class ApiFaults
{
    /// <summary>The verbs a rule can name, as RBAC names them (<c>*</c> matches any).</summary>
    public static IReadOnlyList<string> Verbs { get; } = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "*"];

    private readonly List<InjectedFault> _rules = [];

    /// <summary>Starts a rule for requests with <paramref name="verb"/> on <paramref name="resource"/>.</summary>
    /// <param name="verb">An RBAC verb: get, list, watch, create, update, patch, delete, deletecollection, or <c>*</c>.</param>
    /// <param name="resource">The plural resource (<c>configmaps</c>), a subresource (<c>deployments/scale</c>,
    /// <c>pods/status</c>), or <c>*</c>. A plain resource does not match its subresources.</param>
    /// <param name="name">Only requests for this object (null: any). For a create the name is read from the body.</param>
    /// <param name="namespace">Only requests in this namespace (null: any).</param>
    /// <exception cref="ArgumentException">The verb is not one of <see cref="Verbs"/>, or the resource is empty.</exception>
    public FaultTarget When(string verb, string resource, string? name = null, string? @namespace = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(verb);
        ArgumentException.ThrowIfNullOrWhiteSpace(resource);
        verb = verb.ToLowerInvariant();
        if (!Verbs.Contains(verb))
            throw new ArgumentException($"unknown verb \"{verb}\"; use one of {string.Join(", ", Verbs)}", nameof(verb));
        return new FaultTarget(this, verb, resource.ToLowerInvariant(), name, @namespace);
    }

    /// <summary>The rules added so far, including used-up ones.</summary>
    public IReadOnlyList<InjectedFault> Rules
    {
        get { lock (_rules) return _rules.ToArray(); }
    }

    /// <summary>Removes every rule; requests already being delayed finish their delay.</summary>
    public void Clear()
    {
        lock (_rules)
        {
            foreach (var rule in _rules) rule.Cancel();
            _rules.Clear();
        }
    }

    internal InjectedFault Add(InjectedFault rule)
    {
        lock (_rules) _rules.Add(rule);
        return rule;
    }

    /// <summary>
    /// Runs <paramref name="next"/> unless a rule takes the request: a failure is answered here, a delay waits on
    /// <paramref name="time"/> first. The hook the request pipeline calls for every request.
    /// </summary>
    internal async Task InterceptAsync(HttpContext context, TimeProvider time, Func<HttpContext, Task> next)
    {
        var rule = await TakeAsync(context).ConfigureAwait(false);
        if (rule is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        if (rule.Delay is { } delay)
        {
            // The timer starts before the request counts as taken, so a test that sees Injected and then advances the
            // clock always moves it past a timer that exists.
            var wait = Task.Delay(delay, time, context.RequestAborted);
            rule.CountInjected();
            await wait.ConfigureAwait(false);
            await next(context).ConfigureAwait(false);
            return;
        }
        rule.CountInjected();
        var status = rule.StatusFor(RequestInfo.Parse(context.Request.Path.Value ?? "/")!);
        if (status.Details?.RetryAfterSeconds is { } seconds)
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await ResponseWriter.WriteStatusAsync(context, status).ConfigureAwait(false);
    }

    private async Task<InjectedFault?> TakeAsync(HttpContext context)
    {
        InjectedFault[] rules;
        lock (_rules)
        {
            if (_rules.Count == 0) return null;
            rules = _rules.Where(r => r.Remaining > 0).ToArray();
        }
        if (rules.Length == 0) return null;
        if (RequestInfo.Parse(context.Request.Path.Value ?? "/") is not { } info) return null;
        var verb = VerbOf(context.Request, info);
        if (verb is null) return null;
        var resource = info.Subresource.Length > 0 ? $"{info.Resource}/{info.Subresource}" : info.Resource;
        var name = info.Name;
        string? createdName = null;
        foreach (var rule in rules)
        {
            if (!rule.Matches(verb, resource, info.Namespace)) continue;
            if (rule.Name is not null)
            {
                if (verb == "create") name = createdName ??= await CreatedNameAsync(context).ConfigureAwait(false);
                if (!string.Equals(rule.Name, name, StringComparison.Ordinal)) continue;
            }
            if (rule.TryTake()) return rule;
        }
        return null;
    }

    /// <summary>The verb kube-apiserver's request-info resolver gives a resource request, or null for connect-style requests.</summary>
    private static string? VerbOf(HttpRequest request, RequestInfo info)
    {
        var method = request.Method;
        if (HttpMethods.IsGet(method))
        {
            if (info.Name is not null) return "get";
            var watch = request.Query["watch"].LastOrDefault();
            return watch is "1" or "t" or "T" or "true" or "TRUE" or "True" ? "watch" : "list";
        }
        if (HttpMethods.IsPost(method)) return "create";
        if (HttpMethods.IsPut(method)) return "update";
        if (HttpMethods.IsPatch(method)) return "patch";
        if (HttpMethods.IsDelete(method)) return info.Name is null ? "deletecollection" : "delete";
        return null;
    }

    /// <summary>Reads <c>metadata.name</c> from a create's body and rewinds it so the handler reads it again.</summary>
    private static async Task<string?> CreatedNameAsync(HttpContext context)
    {
        context.Request.EnableBuffering();
        try
        {
            var node = await BodyDecoder.ReadNodeAsync(context).ConfigureAwait(false);
            return node["metadata"]?["name"]?.GetValue<string>();
        }
        catch (Exception e) when (e is KubeApiException or InvalidOperationException or FormatException)
        {
            return null; // the handler reports the bad body
        }
        finally
        {
            context.Request.Body.Position = 0;
        }
    }
}

/// <summary>Requests a fault rule applies to; finish it with <see cref="FailNext(int, HttpStatusCode, TimeSpan?, string?)"/> or <see cref="DelayNext"/>.</summary>
public sealed class FaultTarget
{
    private readonly ApiFaults _faults;

    internal FaultTarget(ApiFaults faults, string verb, string resource, string? name, string? @namespace)
    {
        _faults = faults;
        Verb = verb;
        Resource = resource;
        Name = name;
        Namespace = @namespace;
    }

    /// <summary>The verb matched.</summary>
    public string Verb { get; }

    /// <summary>The resource (and subresource) matched.</summary>
    public string Resource { get; }

    /// <summary>The object name matched, or null for any.</summary>
    public string? Name { get; }

    /// <summary>The namespace matched, or null for any.</summary>
    public string? Namespace { get; }

    /// <summary>
    /// The next <paramref name="count"/> matching requests fail with <paramref name="code"/>, answered with the
    /// <c>Status</c> kube-apiserver sends for it: 409 Conflict (the optimistic-lock message), 429 TooManyRequests and
    /// 504 Timeout (with <c>details.retryAfterSeconds</c> and a <c>Retry-After</c> header), 500 InternalError,
    /// 503 ServiceUnavailable, and the other 4xx reasons.
    /// </summary>
    /// <param name="count">How many requests fail (at least 1).</param>
    /// <param name="code">An error code (400–599).</param>
    /// <param name="retryAfter">Sent as <c>Retry-After</c> and <c>details.retryAfterSeconds</c>, in whole seconds
    /// (rounded up). Default: 1 s for 429, none otherwise.</param>
    /// <param name="message">The Status message (default: kube-apiserver's wording for the code).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1 or <paramref name="code"/> is not an error.</exception>
    public InjectedFault FailNext(int count, HttpStatusCode code, TimeSpan? retryAfter = null, string? message = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if ((int)code is < 400 or > 599) throw new ArgumentOutOfRangeException(nameof(code), code, "a fault must be an error status (400-599)");
        if (retryAfter is { } r) ArgumentOutOfRangeException.ThrowIfLessThan(r, TimeSpan.Zero, nameof(retryAfter));
        if (retryAfter is null && code == HttpStatusCode.TooManyRequests) retryAfter = TimeSpan.FromSeconds(1);
        return _faults.Add(new InjectedFault(this, count, info => FaultStatuses.For(code, info, retryAfter, message), null));
    }

    /// <summary>The next <paramref name="count"/> matching requests fail with exactly <paramref name="status"/> (its code is the HTTP status).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1 or the status has no error code.</exception>
    public InjectedFault FailNext(int count, Status status)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (status.Code is not (>= 400 and <= 599)) throw new ArgumentOutOfRangeException(nameof(status), status.Code, "a fault's Status needs an error code (400-599)");
        return _faults.Add(new InjectedFault(this, count, _ => status, null));
    }

    /// <summary>
    /// The next <paramref name="count"/> matching requests wait <paramref name="delay"/> on the cluster clock, then run
    /// normally. On a virtual clock they stay pending until the test advances time past the delay.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1 or the delay is negative.</exception>
    public InjectedFault DelayNext(int count, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return _faults.Add(new InjectedFault(this, count, null, delay));
    }
}

/// <summary>One fault rule: how many more requests it takes, and how many it took.</summary>
public sealed class InjectedFault
{
    private readonly FaultTarget _target;
    private readonly Func<RequestInfo, Status>? _status;
    private int _remaining;
    private int _injected;

    internal InjectedFault(FaultTarget target, int count, Func<RequestInfo, Status>? status, TimeSpan? delay)
    {
        _target = target;
        _remaining = count;
        _status = status;
        Delay = delay;
    }

    /// <summary>The verb matched.</summary>
    public string Verb => _target.Verb;

    /// <summary>The resource matched.</summary>
    public string Resource => _target.Resource;

    /// <summary>The object name matched, or null.</summary>
    public string? Name => _target.Name;

    /// <summary>The delay, for a delaying rule.</summary>
    public TimeSpan? Delay { get; }

    /// <summary>Requests this rule will still take.</summary>
    public int Remaining => Volatile.Read(ref _remaining);

    /// <summary>Requests this rule has failed or delayed so far.</summary>
    public int Injected => Volatile.Read(ref _injected);

    /// <summary>Stops the rule: it takes no more requests.</summary>
    public void Cancel() => Interlocked.Exchange(ref _remaining, 0);

    internal bool Matches(string verb, string resource, string? @namespace) =>
        (_target.Verb == "*" || _target.Verb == verb)
        && (_target.Resource == "*" || _target.Resource == resource)
        && (_target.Namespace is null || _target.Namespace == @namespace);

    internal bool TryTake()
    {
        while (true)
        {
            var remaining = Volatile.Read(ref _remaining);
            if (remaining <= 0) return false;
            if (Interlocked.CompareExchange(ref _remaining, remaining - 1, remaining) == remaining) return true;
        }
    }

    internal void CountInjected() => Interlocked.Increment(ref _injected);

    internal Status StatusFor(RequestInfo info) => _status!(info);

    /// <inheritdoc />
    public override string ToString() =>
        $"{(Delay is { } d ? $"delay {d}" : "fail")} {Verb} {Resource}{(Name is null ? "" : $" {Name}")}: {Injected} injected, {Remaining} left";
}

/// <summary>The Status bodies kube-apiserver sends for each error code (apimachinery's <c>errors.New*</c>).</summary>
internal static class FaultStatuses
{
    public static Status For(HttpStatusCode code, RequestInfo info, TimeSpan? retryAfter, string? message)
    {
        int? retrySeconds = retryAfter is { } r ? (int)Math.Ceiling(r.TotalSeconds) : null;
        var qualified = info.Group.Length == 0 ? info.Resource : $"{info.Resource}.{info.Group}";
        var subject = info.Name is null ? qualified : $"{qualified} \"{info.Name}\"";
        var (reason, defaultMessage, causes) = (int)code switch
        {
            400 => (StatusReasons.BadRequest, "injected fault: bad request", false),
            401 => (StatusReasons.Unauthorized, "Unauthorized", false),
            403 => (StatusReasons.Forbidden, $"{subject} is forbidden: injected fault", false),
            404 => (StatusReasons.NotFound, $"{subject} not found", false),
            409 => (StatusReasons.Conflict, $"Operation cannot be fulfilled on {subject}: the object has been modified; please apply your changes to the latest version and try again", false),
            410 => (StatusReasons.Expired, "The resourceVersion for the provided watch is too old.", false),
            422 => (StatusReasons.Invalid, $"{subject} is invalid: injected fault", false),
            429 => (StatusReasons.TooManyRequests, "Too many requests, please try again later.", false),
            500 => (StatusReasons.InternalError, "Internal error occurred: injected fault", true),
            503 => (StatusReasons.ServiceUnavailable, "the server is currently unable to handle the request", false),
            504 => (StatusReasons.Timeout, $"Timeout: request did not complete within the allowed duration", false),
            _ => (StatusReasons.Unknown, $"the server responded with the status code {(int)code} but did not return more information", false),
        };
        var details = new StatusDetails
        {
            Name = info.Name,
            Group = info.Group.Length == 0 ? null : info.Group,
            Kind = info.Resource,
            RetryAfterSeconds = retrySeconds,
            Causes = causes ? [new StatusCause { Message = message ?? "injected fault" }] : null,
        };
        return new Status
        {
            StatusValue = Status.Failure,
            Code = (int)code,
            Reason = reason,
            Message = message ?? defaultMessage,
            Details = details,
        };
    }
}
