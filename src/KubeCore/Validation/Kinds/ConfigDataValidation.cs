using System.Text;
using KubeCore.Models;

namespace KubeCore.Validation;

/// <summary>Validation of ConfigMaps and Secrets: key format, the 1 MiB size limit and <c>immutable</c>.</summary>
internal static class ConfigDataValidation
{
    /// <summary>Maximum total size of a config map's or secret's data (1 MiB).</summary>
    public const int MaxSize = 1024 * 1024;
    private const string ImmutableWhenSet = "field is immutable when `immutable` is set";
    private static readonly FieldPath Data = FieldPath.Root("data");
    private static readonly FieldPath BinaryData = FieldPath.Root("binaryData");

    /// <summary>Validates a config map (<c>ValidateConfigMap</c>).</summary>
    public static IReadOnlyList<FieldError> Validate(ConfigMap cm)
    {
        List<FieldError>? errs = null;
        long total = 0;
        if (cm.Data is { } data)
            foreach (var (k, v) in data)
            {
                CheckKey(ref errs, k, Data);
                total += Encoding.UTF8.GetByteCount(v);
            }
        if (cm.BinaryData is { } binary)
            foreach (var (k, v) in binary)
            {
                CheckKey(ref errs, k, BinaryData);
                if (cm.Data is not null && cm.Data.ContainsKey(k))
                    Errors.Add(ref errs, FieldError.Invalid(BinaryData.Key(k), k, "duplicate of key present in data"));
                total += v?.Length ?? 0;
            }
        if (total > MaxSize)
            // An empty path: the error refers to the whole object, as upstream reports it.
            Errors.Add(ref errs, new FieldError(FieldErrorType.TooLong, "", "<value omitted>", $"may not be more than {MaxSize} bytes"));
        return Errors.Result(errs);
    }

    /// <summary>Validates a secret (<c>ValidateSecret</c>).</summary>
    public static IReadOnlyList<FieldError> Validate(Secret secret)
    {
        List<FieldError>? errs = null;
        long total = 0;
        if (secret.Data is { } data)
            foreach (var (k, v) in data)
            {
                CheckKey(ref errs, k, Data);
                total += v?.Length ?? 0;
            }
        if (secret.StringData is { } stringData)
            foreach (var (k, v) in stringData)
            {
                CheckKey(ref errs, k, FieldPath.Root("stringData"));
                if (secret.Data is null || !secret.Data.ContainsKey(k)) total += Encoding.UTF8.GetByteCount(v);
            }
        if (total > MaxSize) Errors.Add(ref errs, FieldError.TooLong(Data, MaxSize));
        switch (secret.Type)
        {
            case "kubernetes.io/tls":
                RequireKey(ref errs, secret, "tls.crt");
                RequireKey(ref errs, secret, "tls.key");
                break;
            case "kubernetes.io/dockerconfigjson":
                RequireKey(ref errs, secret, ".dockerconfigjson");
                break;
            case "kubernetes.io/basic-auth":
                if (!HasKey(secret, "username") && !HasKey(secret, "password"))
                    Errors.Add(ref errs, FieldError.Required(Data.Key("username"), ""));
                break;
            case "kubernetes.io/ssh-auth":
                RequireKey(ref errs, secret, "ssh-privatekey");
                break;
        }
        return Errors.Result(errs);
    }

    /// <summary>Validates a config map update: data may not change once <c>immutable</c> was set.</summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(ConfigMap updated, ConfigMap current)
    {
        List<FieldError>? errs = null;
        Errors.AddRange(ref errs, Validate(updated));
        if (current.Immutable == true)
        {
            if (updated.Immutable != true) Errors.Add(ref errs, FieldError.Forbidden(FieldPath.Root("immutable"), ImmutableWhenSet));
            if (!MapEquals(updated.Data, current.Data, string.Equals)) Errors.Add(ref errs, FieldError.Forbidden(Data, ImmutableWhenSet));
            if (!MapEquals(updated.BinaryData, current.BinaryData, BytesEqual)) Errors.Add(ref errs, FieldError.Forbidden(BinaryData, ImmutableWhenSet));
        }
        return Errors.Result(errs);
    }

    /// <summary>Validates a secret update: the type is immutable, and data may not change once <c>immutable</c> was set.</summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(Secret updated, Secret current)
    {
        List<FieldError>? errs = null;
        Errors.AddRange(ref errs, Validate(updated));
        if ((updated.Type ?? "") != (current.Type ?? ""))
            Errors.Add(ref errs, FieldError.Invalid(FieldPath.Root("type"), updated.Type ?? "", Formats.Immutable));
        if (current.Immutable == true)
        {
            if (updated.Immutable != true) Errors.Add(ref errs, FieldError.Forbidden(FieldPath.Root("immutable"), ImmutableWhenSet));
            if (!MapEquals(updated.Data, current.Data, BytesEqual) || updated.StringData is { Count: > 0 })
                Errors.Add(ref errs, FieldError.Forbidden(Data, ImmutableWhenSet));
        }
        return Errors.Result(errs);
    }

    private static void CheckKey(ref List<FieldError>? errs, string key, FieldPath map)
    {
        var msgs = Formats.ConfigKeyErrors(key);
        if (msgs.Count > 0) Errors.AddInvalid(ref errs, map.Key(key), key, msgs);
    }

    private static bool HasKey(Secret s, string key) =>
        (s.Data?.ContainsKey(key) ?? false) || (s.StringData?.ContainsKey(key) ?? false);

    private static void RequireKey(ref List<FieldError>? errs, Secret s, string key)
    {
        if (!HasKey(s, key)) Errors.Add(ref errs, FieldError.Required(Data.Key(key), ""));
    }

    private static bool BytesEqual(byte[]? a, byte[]? b) => a.AsSpan().SequenceEqual(b);

    private static bool MapEquals<T>(IReadOnlyDictionary<string, T>? a, IReadOnlyDictionary<string, T>? b, Func<T, T, bool> eq)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0)) return false;
        if (a is null || b is null) return true;
        foreach (var (k, v) in a)
            if (!b.TryGetValue(k, out var other) || !eq(v, other)) return false;
        return true;
    }
}
