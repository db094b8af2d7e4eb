namespace KubeCore.Selectors;

/// <summary>Lexer and recursive-descent parser for the label selector string syntax, following <c>labels.Parse</c>.</summary>
internal sealed class LabelSelectorParser
{
    private enum Token { Error, End, ClosedPar, Comma, DoesNotExist, DoubleEquals, Equals, GreaterThan, Identifier, In, LessThan, NotEquals, NotIn, OpenPar }

    private readonly List<(Token Token, string Literal)> _items = new();
    private int _position;

    private LabelSelectorParser(string text) => Scan(text);

    /// <summary>Parses <paramref name="text"/> into requirements (not yet sorted), or returns Kubernetes' error message.</summary>
    public static List<LabelRequirement>? Parse(string text, out string? error)
    {
        var parser = new LabelSelectorParser(text);
        return parser.ParseSelector(out error);
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';
    private static bool IsSpecial(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';

    private static Token? Keyword(string s) => s switch
    {
        ")" => Token.ClosedPar,
        "," => Token.Comma,
        "!" => Token.DoesNotExist,
        "==" => Token.DoubleEquals,
        "=" => Token.Equals,
        ">" => Token.GreaterThan,
        "in" => Token.In,
        "<" => Token.LessThan,
        "!=" => Token.NotEquals,
        "notin" => Token.NotIn,
        "(" => Token.OpenPar,
        _ => null,
    };

    private void Scan(string s)
    {
        var pos = 0;
        // Go's lexer reads a NUL byte as the end of input.
        var end = s.IndexOf('\0') is var nul and >= 0 ? nul : s.Length;
        while (true)
        {
            while (pos < end && IsWhitespace(s[pos])) pos++;
            if (pos >= end)
            {
                _items.Add((Token.End, ""));
                return;
            }
            if (IsSpecial(s[pos]))
            {
                // Longest run of special characters that still forms a known token.
                Token? last = null;
                var lastLen = 0;
                var len = 0;
                while (pos + len < end && IsSpecial(s[pos + len]))
                {
                    len++;
                    var t = Keyword(s.Substring(pos, len));
                    if (t is not null) { last = t; lastLen = len; }
                    else if (last is not null) break;
                }
                if (last is null)
                {
                    _items.Add((Token.Error, $"error expected: keyword found '{s.Substring(pos, len)}'"));
                    pos += len;
                }
                else
                {
                    _items.Add((last.Value, s.Substring(pos, lastLen)));
                    pos += lastLen;
                }
                continue;
            }
            var start = pos;
            while (pos < end && !IsSpecial(s[pos]) && !IsWhitespace(s[pos])) pos++;
            var word = s[start..pos];
            _items.Add((Keyword(word) ?? Token.Identifier, word));
        }
    }

    // In the "values" context the keywords in/notin are ordinary identifiers.
    private (Token Token, string Literal) Lookahead(bool values)
    {
        var item = _items[_position];
        if (values && item.Token is Token.In or Token.NotIn) item.Token = Token.Identifier;
        return item;
    }

    private (Token Token, string Literal) Consume(bool values)
    {
        var item = Lookahead(values);
        if (_position < _items.Count - 1) _position++;
        return item;
    }

    private List<LabelRequirement>? ParseSelector(out string? error)
    {
        var requirements = new List<LabelRequirement>();
        while (true)
        {
            var (tok, lit) = Lookahead(values: true);
            switch (tok)
            {
                case Token.Identifier or Token.DoesNotExist:
                    var r = ParseRequirement(out var err);
                    if (r is null)
                    {
                        error = "unable to parse requirement: " + err;
                        return null;
                    }
                    requirements.Add(r);
                    var (t, l) = Consume(values: true);
                    switch (t)
                    {
                        case Token.End:
                            error = null;
                            return requirements;
                        case Token.Comma:
                            var (t2, l2) = Lookahead(values: true);
                            if (t2 is not (Token.Identifier or Token.DoesNotExist))
                            {
                                error = $"found '{l2}', expected: identifier after ','";
                                return null;
                            }
                            break;
                        default:
                            error = $"found '{l}', expected: ',' or 'end of string'";
                            return null;
                    }
                    break;
                case Token.End:
                    error = null;
                    return requirements;
                default:
                    error = $"found '{lit}', expected: !, identifier, or 'end of string'";
                    return null;
            }
        }
    }

    private LabelRequirement? ParseRequirement(out string? error)
    {
        error = null;
        var op = (SelectorOperator?)null;
        var (tok, key) = Consume(values: true);
        if (tok == Token.DoesNotExist)
        {
            op = SelectorOperator.DoesNotExist;
            (tok, key) = Consume(values: true);
        }
        if (tok != Token.Identifier)
        {
            error = $"found '{key}', expected: identifier";
            return null;
        }
        var keyErrors = Validation.NameValidation.IsQualifiedName(key);
        if (keyErrors.Count > 0)
        {
            error = Validation.FieldError.Invalid(null, key, string.Join("; ", keyErrors)).ToString();
            return null;
        }
        var (next, _) = Lookahead(values: true);
        if (next is Token.End or Token.Comma && op is null) op = SelectorOperator.Exists;
        if (op is SelectorOperator.Exists or SelectorOperator.DoesNotExist) return Create(key, op.Value, [], out error);

        var (opTok, opLit) = Consume(values: false);
        SelectorOperator binary;
        switch (opTok)
        {
            case Token.In: binary = SelectorOperator.In; break;
            case Token.Equals: binary = SelectorOperator.Equals; break;
            case Token.DoubleEquals: binary = SelectorOperator.DoubleEquals; break;
            case Token.GreaterThan: binary = SelectorOperator.GreaterThan; break;
            case Token.LessThan: binary = SelectorOperator.LessThan; break;
            case Token.NotIn: binary = SelectorOperator.NotIn; break;
            case Token.NotEquals: binary = SelectorOperator.NotEquals; break;
            default:
                error = $"found '{opLit}', expected: in, notin, =, ==, !=, gt, lt";
                return null;
        }
        var values = binary is SelectorOperator.In or SelectorOperator.NotIn ? ParseValues(out error) : ParseExactValue(out error);
        if (values is null) return null;
        var list = values.ToList();
        list.Sort(StringComparer.Ordinal);
        return Create(key, binary, list, out error);
    }

    private static LabelRequirement? Create(string key, SelectorOperator op, List<string> values, out string? error)
    {
        var errs = LabelRequirement.Validate(key, op, values);
        if (errs.Count > 0)
        {
            error = Validation.FieldErrors.ToAggregateMessage(errs);
            return null;
        }
        error = null;
        return LabelRequirement.Create(key, op, values);
    }

    private HashSet<string>? ParseValues(out string? error)
    {
        var (tok, lit) = Consume(values: true);
        if (tok != Token.OpenPar)
        {
            error = $"found '{lit}' expected: '('";
            return null;
        }
        (tok, lit) = Lookahead(values: true);
        switch (tok)
        {
            case Token.Identifier or Token.Comma:
                var set = ParseIdentifiersList(out error);
                if (set is null) return null;
                if (Consume(values: true).Token != Token.ClosedPar)
                {
                    error = $"found '{lit}', expected: ')'";
                    return null;
                }
                return set;
            case Token.ClosedPar:
                Consume(values: true);
                error = null;
                return new HashSet<string>(StringComparer.Ordinal) { "" };
            default:
                error = $"found '{lit}', expected: ',', ')' or identifier";
                return null;
        }
    }

    private HashSet<string>? ParseIdentifiersList(out string? error)
    {
        error = null;
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var (tok, lit) = Consume(values: true);
            switch (tok)
            {
                case Token.Identifier:
                    set.Add(lit);
                    var (t2, l2) = Lookahead(values: true);
                    if (t2 == Token.Comma) continue;
                    if (t2 == Token.ClosedPar) return set;
                    error = $"found '{l2}', expected: ',' or ')'";
                    return null;
                case Token.Comma:
                    if (set.Count == 0) set.Add(""); // "(,"
                    var (t3, _) = Lookahead(values: true);
                    if (t3 == Token.ClosedPar)
                    {
                        set.Add(""); // ",)"
                        return set;
                    }
                    if (t3 == Token.Comma)
                    {
                        Consume(values: true);
                        set.Add(""); // ",,"
                    }
                    break;
                default:
                    error = $"found '{lit}', expected: ',', or identifier";
                    return null;
            }
        }
    }

    private HashSet<string>? ParseExactValue(out string? error)
    {
        error = null;
        var (tok, _) = Lookahead(values: true);
        if (tok is Token.End or Token.Comma) return new HashSet<string>(StringComparer.Ordinal) { "" };
        var (t, lit) = Consume(values: true);
        if (t == Token.Identifier) return new HashSet<string>(StringComparer.Ordinal) { lit };
        error = $"found '{lit}', expected: identifier";
        return null;
    }
}
