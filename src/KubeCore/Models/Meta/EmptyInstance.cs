namespace KubeCore.Models;

/// <summary>Creates an empty instance of a spec or status type when it has a parameterless constructor (null otherwise).</summary>
internal static class EmptyInstance<T> where T : class
{
    private static readonly Func<T?> s_factory = typeof(T).GetConstructor(Type.EmptyTypes) is null
        ? static () => null
        : static () => (T)Activator.CreateInstance(typeof(T))!;

    /// <summary>A new empty instance, or null when the type cannot be created without arguments.</summary>
    public static T? Create() => s_factory();
}
