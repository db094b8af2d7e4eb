using System.Text;

namespace KubeCore.Patching;

/// <summary>A parsed JSON Pointer (RFC 6901): reference tokens with <c>~1</c> and <c>~0</c> unescaped.</summary>
public sealed class JsonPointer
{
    private JsonPointer(string text, IReadOnlyList<string> tokens)
    {
        Text = text;
        Tokens = tokens;
    }

    /// <summary>The pointer as written.</summary>
    public string Text { get; }

    /// <summary>The unescaped reference tokens; empty for the whole document.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Whether the pointer addresses the whole document.</summary>
    public bool IsRoot => Tokens.Count == 0;

    /// <summary>Parses <paramref name="text"/>, throwing a 400 <see cref="PatchException"/> when it is not a valid pointer.</summary>
    public static JsonPointer Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) return new JsonPointer(text, []);
        if (text[0] != '/') throw PatchException.Bad($"invalid JSON pointer {Quote(text)}: must be empty or start with \"/\"");
        var tokens = new List<string>();
        foreach (var raw in text[1..].Split('/')) tokens.Add(Unescape(raw, text));
        return new JsonPointer(text, tokens);
    }

    /// <summary>Escapes one reference token (<c>~</c> to <c>~0</c>, <c>/</c> to <c>~1</c>).</summary>
    public static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Builds a pointer text from unescaped tokens.</summary>
    public static string Format(IEnumerable<string> tokens)
    {
        var sb = new StringBuilder();
        foreach (var t in tokens) sb.Append('/').Append(Escape(t));
        return sb.ToString();
    }

    /// <summary>Whether this pointer is a proper prefix of <paramref name="other"/> (used to refuse moving a value into itself).</summary>
    public bool IsProperPrefixOf(JsonPointer other)
    {
        if (other.Tokens.Count <= Tokens.Count) return false;
        for (var i = 0; i < Tokens.Count; i++)
            if (!string.Equals(Tokens[i], other.Tokens[i], StringComparison.Ordinal)) return false;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    internal static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    private static string Unescape(string raw, string whole)
    {
        if (!raw.Contains('~', StringComparison.Ordinal)) return raw;
        var sb = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '~')
            {
                sb.Append(raw[i]);
                continue;
            }
            var next = i + 1 < raw.Length ? raw[i + 1] : '\0';
            sb.Append(next switch
            {
                '0' => '~',
                '1' => '/',
                _ => throw PatchException.Bad($"invalid JSON pointer {Quote(whole)}: \"~\" must be followed by \"0\" or \"1\""),
            });
            i++;
        }
        return sb.ToString();
    }
}
