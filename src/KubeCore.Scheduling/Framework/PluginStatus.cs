namespace KubeCore.Scheduling.Framework;

/// <summary>What a plugin reports: a <see cref="StatusCode"/>, the reasons shown to users and the plugin that failed.</summary>
public sealed class PluginStatus
{
    private static readonly PluginStatus SuccessInstance = new(StatusCode.Success, []);

    private PluginStatus(StatusCode code, IReadOnlyList<string> reasons, Exception? error = null, string? plugin = null)
    {
        Code = code;
        Reasons = reasons;
        Error = error;
        Plugin = plugin;
    }

    /// <summary>The code.</summary>
    public StatusCode Code { get; }

    /// <summary>Reasons as shown in the FailedScheduling message (e.g. <c>Insufficient cpu</c>).</summary>
    public IReadOnlyList<string> Reasons { get; }

    /// <summary>The exception behind an <see cref="StatusCode.Error"/> status.</summary>
    public Exception? Error { get; }

    /// <summary>The plugin that returned this status, once the framework has recorded it.</summary>
    public string? Plugin { get; }

    /// <summary>Whether the code is <see cref="StatusCode.Success"/>.</summary>
    public bool IsSuccess => Code == StatusCode.Success;

    /// <summary>Whether the code is <see cref="StatusCode.Skip"/>.</summary>
    public bool IsSkip => Code == StatusCode.Skip;

    /// <summary>Whether the code is one of the two unschedulable codes.</summary>
    public bool IsRejected => Code is StatusCode.Unschedulable or StatusCode.UnschedulableAndUnresolvable;

    /// <summary>The reasons joined by <c>", "</c>.</summary>
    public string Message => Reasons.Count == 0 && Error is not null ? Error.Message : string.Join(", ", Reasons);

    /// <summary>The shared success status.</summary>
    public static PluginStatus Success => SuccessInstance;

    /// <summary>A status with a code and reasons.</summary>
    public static PluginStatus Of(StatusCode code, params string[] reasons) =>
        code == StatusCode.Success && reasons.Length == 0 ? SuccessInstance : new(code, reasons);

    /// <summary>An <see cref="StatusCode.Unschedulable"/> status.</summary>
    public static PluginStatus Unschedulable(params string[] reasons) => new(StatusCode.Unschedulable, reasons);

    /// <summary>An <see cref="StatusCode.UnschedulableAndUnresolvable"/> status.</summary>
    public static PluginStatus UnschedulableAndUnresolvable(params string[] reasons) => new(StatusCode.UnschedulableAndUnresolvable, reasons);

    /// <summary>A <see cref="StatusCode.Skip"/> status.</summary>
    public static PluginStatus Skip { get; } = new(StatusCode.Skip, []);

    /// <summary>An <see cref="StatusCode.Error"/> status for an exception.</summary>
    public static PluginStatus FromException(Exception error) => new(StatusCode.Error, [error.Message], error);

    /// <summary>An <see cref="StatusCode.Error"/> status with a message.</summary>
    public static PluginStatus ErrorStatus(string message) => new(StatusCode.Error, [message]);

    /// <summary>This status attributed to <paramref name="plugin"/>.</summary>
    public PluginStatus WithPlugin(string plugin) => Plugin == plugin ? this : new(Code, Reasons, Error, plugin);

    /// <inheritdoc />
    public override string ToString() => Reasons.Count == 0 ? Code.ToString() : $"{Code}: {Message}";
}
