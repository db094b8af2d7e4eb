namespace KubeCore.Manifests;

/// <summary>A manifest could not be loaded; the message names the source (file) and the document number.</summary>
public sealed class ManifestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ManifestException(string source, int documentNumber, string message, Exception? inner = null)
        : base(documentNumber > 0 ? $"{source}: document {documentNumber}: {message}" : $"{source}: {message}", inner)
    {
        Source = source;
        DocumentNumber = documentNumber;
    }

    /// <summary>The file path, or the name given to an in-memory manifest.</summary>
    public new string Source { get; }

    /// <summary>The 1-based number of the YAML document within the source (0 when the whole source failed).</summary>
    public int DocumentNumber { get; }
}
