using KubeCore.Validation;

namespace KubeCore.Api.Strategies;

/// <summary>Services: names are DNS-1035 labels (they become DNS names).</summary>
public class ServiceResourceStrategy : ResourceStrategy
{
    /// <summary>The shared instance.</summary>
    public static ServiceResourceStrategy Instance { get; } = new();

    /// <inheritdoc />
    public override Func<string, bool, IReadOnlyList<string>> NameValidator => MetadataValidation.NameIsDns1035Label;
}
