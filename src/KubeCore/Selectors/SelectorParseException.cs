namespace KubeCore.Selectors;

/// <summary>A label or field selector is not valid; the message is Kubernetes' error text.</summary>
public sealed class SelectorParseException : FormatException
{
    /// <summary>Creates the exception with Kubernetes' message.</summary>
    public SelectorParseException(string message) : base(message) { }

    /// <summary>Creates the exception with Kubernetes' message and a cause.</summary>
    public SelectorParseException(string message, Exception innerException) : base(message, innerException) { }
}
