using KubeCore.Models;
using KubeCore.Selectors;
using KubeCore.Watch;

namespace KubeCore.Api;

/// <summary>
/// A list or watch request's label and field selectors compiled into one predicate, plus the index lookups that can
/// narrow the candidates (exact label values, indexed fields such as <c>spec.nodeName</c>).
/// </summary>
internal sealed class ListFilter
{
    private static readonly ListFilter s_everything = new(null, null, null, []);
    private readonly Selector? _labels;
    private readonly FieldSelector? _fields;
    private readonly ResourceStrategy? _strategy;

    private ListFilter(Selector? labels, FieldSelector? fields, ResourceStrategy? strategy, IReadOnlyList<IndexQuery> indexQueries)
    {
        _labels = labels;
        _fields = fields;
        _strategy = strategy;
        IndexQueries = indexQueries;
    }

    /// <summary>Index lookups whose intersection contains every match (empty: scan).</summary>
    public IReadOnlyList<IndexQuery> IndexQueries { get; }

    /// <summary>Whether the filter selects everything.</summary>
    public bool IsEverything => _labels is null && _fields is null;

    /// <summary>Compiles the selectors of <paramref name="options"/> for <paramref name="resource"/>.</summary>
    /// <exception cref="BadRequestException">A selector is malformed or names a field the kind cannot select on.</exception>
    public static ListFilter Create(ResourceDefinition resource, ListOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.LabelSelector) && string.IsNullOrWhiteSpace(options.FieldSelector)) return s_everything;
        Selector? labels = null;
        FieldSelector? fields = null;
        var queries = new List<IndexQuery>();
        if (!string.IsNullOrWhiteSpace(options.LabelSelector))
        {
            if (!Selector.TryParse(options.LabelSelector, out labels, out var error)) throw ApiErrors.BadRequest(error);
            foreach (var requirement in labels.Requirements)
                if (labels.RequiresExactMatch(requirement.Key, out var value)) { queries.Add(IndexQuery.Label(requirement.Key, value)); break; }
            if (labels.IsEmpty) labels = null;
        }
        if (!string.IsNullOrWhiteSpace(options.FieldSelector))
        {
            try { fields = FieldSelector.Parse(options.FieldSelector); }
            catch (FormatException e) { throw ApiErrors.BadRequest(e.Message); }
            foreach (var requirement in fields.Requirements)
                if (!resource.Strategy.IsSelectableField(requirement.Field))
                    throw ApiErrors.BadRequest($"field label not supported: {requirement.Field}");
            if (fields.TryGetEqualityValue("metadata.namespace", out var ns)) queries.Add(IndexQuery.Namespace(ns));
            foreach (var indexed in resource.Strategy.IndexedFields)
                if (fields.TryGetEqualityValue(indexed, out var value)) queries.Add(IndexQuery.Field(indexed, value));
            if (fields.IsEmpty) fields = null;
        }
        return new ListFilter(labels, fields, resource.Strategy, queries);
    }

    /// <summary>Whether <paramref name="obj"/> matches both selectors.</summary>
    public bool Matches(KubeObject obj)
    {
        if (_labels is not null && !_labels.Matches(obj.Metadata.Labels)) return false;
        return _fields is null || _fields.Matches(field => _strategy!.GetSelectableField(obj, field));
    }

    /// <summary>The predicate form, or null when everything matches.</summary>
    public Func<KubeObject, bool>? AsPredicate() => IsEverything ? null : Matches;
}
