using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace KubeCore.ApiServer.Discovery;

/// <summary>
/// The <c>&lt;summary&gt;</c> docs of KubeCore's models, as plain text for OpenAPI <c>description</c>s. Read from
/// KubeCore's documentation file, which the build embeds in this assembly (see the project file); falls back to a
/// <c>KubeCore.xml</c> beside <c>KubeCore.dll</c>, and to no descriptions when neither exists.
/// </summary>
internal sealed class ModelDocumentation
{
    private readonly Dictionary<string, XElement> _members;

    private ModelDocumentation(Dictionary<string, XElement> members) => _members = members;

    private static readonly Lazy<ModelDocumentation> s_kubeCore = new(LoadKubeCore);

    /// <summary>The docs of the KubeCore assembly (loaded once).</summary>
    public static ModelDocumentation KubeCore => s_kubeCore.Value;

    /// <summary>How many members have docs (zero when no documentation file was found).</summary>
    public int Count => _members.Count;

    /// <summary>Parses a documentation file.</summary>
    public static ModelDocumentation Parse(Stream xml)
    {
        var members = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (var member in XDocument.Load(xml).Descendants("member"))
            if (member.Attribute("name")?.Value is { } name) members[name] = member;
        return new ModelDocumentation(members);
    }

    private static ModelDocumentation LoadKubeCore()
    {
        using var embedded = typeof(ModelDocumentation).Assembly.GetManifestResourceStream("KubeCore.xml");
        if (embedded is not null) return Parse(embedded);
        var location = typeof(Models.KubeObject).Assembly.Location;
        var beside = string.IsNullOrEmpty(location) ? null : Path.ChangeExtension(location, ".xml");
        if (beside is not null && File.Exists(beside))
        {
            using var file = File.OpenRead(beside);
            return Parse(file);
        }
        return new ModelDocumentation([]);
    }

    /// <summary>The summary of a type, or null.</summary>
    public string? Summary(Type type) => Text(Member("T:" + DocName(type)));

    /// <summary>
    /// The summary of a property, or null: its own <c>&lt;summary&gt;</c>, else the <c>&lt;param&gt;</c> of a
    /// positional record that declares it.
    /// </summary>
    public string? Summary(PropertyInfo property)
    {
        var declaring = property.DeclaringType;
        if (declaring is null) return null;
        var typeName = DocName(declaring);
        if (Text(Member("P:" + typeName + "." + property.Name)) is { } own) return own;
        var param = Member("T:" + typeName)?.Elements("param").FirstOrDefault(p => p.Attribute("name")?.Value == property.Name);
        return Text(param);
    }

    private XElement? Member(string name) => _members.TryGetValue(name, out var m) ? m : null;

    private static string DocName(Type type)
    {
        if (type.IsGenericType && !type.IsGenericTypeDefinition) type = type.GetGenericTypeDefinition();
        return (type.FullName ?? type.Name).Replace('+', '.');
    }

    private static string? Text(XElement? element)
    {
        var summary = element?.Name == "member" ? element.Element("summary") : element;
        if (summary is null) return null;
        var text = new StringBuilder();
        Append(summary, text);
        var paragraphs = text.ToString().Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(p => string.Join(' ', p.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)))
            .Where(p => p.Length > 0);
        var result = string.Join("\n\n", paragraphs);
        return result.Length == 0 ? null : result;
    }

    private static void Append(XElement element, StringBuilder text)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText t:
                    text.Append(t.Value);
                    break;
                case XElement e when e.Name == "see" || e.Name == "seealso":
                    if (!e.IsEmpty) Append(e, text);
                    else if (e.Attribute("langword")?.Value is { } word) text.Append(word);
                    else if (e.Attribute("cref")?.Value is { } cref) text.Append(ShortName(cref));
                    else if (e.Attribute("href")?.Value is { } href) text.Append(href);
                    break;
                case XElement e when e.Name == "paramref" || e.Name == "typeparamref":
                    text.Append(e.Attribute("name")?.Value);
                    break;
                case XElement e when e.Name == "para" || e.Name == "br":
                    text.Append("\n\n");
                    Append(e, text);
                    text.Append("\n\n");
                    break;
                case XElement e:
                    Append(e, text);
                    break;
            }
        }
    }

    private static string ShortName(string cref)
    {
        var name = cref.Length > 2 && cref[1] == ':' ? cref[2..] : cref;
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        if (paren >= 0) name = name[..paren];
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0) name = name[..tick];
        return name[(name.LastIndexOf('.') + 1)..];
    }
}
