namespace KubeCore.Reconciliation;

/// <summary>A reconcile failure that retrying cannot fix: it is logged and counted, and the key is not requeued (controller-runtime's <c>TerminalError</c>).</summary>
public sealed class TerminalReconcileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TerminalReconcileException() : base("terminal reconcile error") { }

    /// <summary>Creates the exception with a message.</summary>
    public TerminalReconcileException(string message) : base(message) { }

    /// <summary>Creates the exception wrapping the cause.</summary>
    public TerminalReconcileException(string message, Exception innerException) : base(message, innerException) { }
}
