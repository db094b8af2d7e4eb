using KubeCore.Models;

namespace KubeCore.Selectors;

/// <summary>Conversions of the API <see cref="LabelSelector"/> type.</summary>
public static class LabelSelectorExtensions
{
    /// <summary>
    /// The selector string a client sends as <c>labelSelector=</c> for this selector (its canonical form, e.g.
    /// <c>app=web,tier in (be,fe)</c>); empty for an empty or null selector.
    /// </summary>
    /// <exception cref="SelectorParseException">The selector is invalid.</exception>
    public static string ToSelectorString(this LabelSelector? selector) => Selector.FromLabelSelector(selector).ToString();

    /// <summary>Converts to a matchable <see cref="Selector"/> (see <see cref="Selector.FromLabelSelector"/>).</summary>
    public static Selector ToSelector(this LabelSelector? selector) => Selector.FromLabelSelector(selector);
}
