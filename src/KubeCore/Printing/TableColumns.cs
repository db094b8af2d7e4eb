using KubeCore.Models;

namespace KubeCore.Printing;

/// <summary>Builders for <see cref="TableColumnDefinition"/>s, so printers read like the column lists of kube-apiserver.</summary>
public static class TableColumns
{
    /// <summary>The object's name: type <c>string</c>, format <c>name</c>.</summary>
    public static TableColumnDefinition Name { get; } = new()
    {
        Name = "Name", Type = "string", Format = "name",
        Description = "Name must be unique within a namespace. Cannot be updated.",
    };

    /// <summary>The object's age (<see cref="HumanDuration"/> since its creationTimestamp).</summary>
    public static TableColumnDefinition Age { get; } = new()
    {
        Name = "Age", Type = "string",
        Description = "CreationTimestamp is a timestamp representing the server time when this object was created.",
    };

    /// <summary>A string column; <paramref name="priority"/> 1 shows it only in wide output.</summary>
    public static TableColumnDefinition Text(string name, string description, int priority = 0) =>
        new() { Name = name, Type = "string", Description = description, Priority = priority };

    /// <summary>An integer column.</summary>
    public static TableColumnDefinition Integer(string name, string description, int priority = 0) =>
        new() { Name = name, Type = "integer", Description = description, Priority = priority };

    /// <summary>A boolean column.</summary>
    public static TableColumnDefinition Boolean(string name, string description, int priority = 0) =>
        new() { Name = name, Type = "boolean", Description = description, Priority = priority };

    /// <summary>The wide Containers column of workload kinds.</summary>
    public static TableColumnDefinition Containers { get; } = Text("Containers", "Names of each container in the template.", 1);

    /// <summary>The wide Images column of workload kinds.</summary>
    public static TableColumnDefinition Images { get; } = Text("Images", "Images referenced by each container in the template.", 1);

    /// <summary>The wide Selector column of workload kinds.</summary>
    public static TableColumnDefinition Selector(string description) => Text("Selector", description, 1);
}
