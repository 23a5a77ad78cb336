using Kubesharp.Api.Validation;

namespace Kubesharp.Api.Selectors;

/// <summary>
/// The label selector grammar of apimachinery's labels.Parse, token for token, so that what
/// upstream accepts we accept and what it rejects we reject with the same words:
/// <code>
/// selector    ::= requirement | requirement "," selector
/// requirement ::= ["!"] KEY [ ("in" | "notin") "(" VALUES ")" | ("=" | "==" | "!=" | "&gt;" | "&lt;") VALUE ]
/// </code>
/// </summary>
internal sealed class LabelSelectorParser
{
    private const string BinaryOperators = "in, notin, =, ==, !=, gt, lt";

    private readonly List<(Token Token, string Literal)> _items = [];
    private int _position;

    private enum Token
    {
        Error,
        EndOfString,
        ClosedPar,
        Comma,
        DoesNotExist,
        DoubleEquals,
        Equals,
        GreaterThan,
        Identifier,
        In,
        LessThan,
        NotEquals,
        NotIn,
        OpenPar,
    }

    // Some literals ("in", "notin") are operators after a key but plain values inside a value list.
    private enum Context
    {
        KeyAndOperator,
        Values,
    }

    private LabelSelectorParser(string selector)
    {
        var lexer = new Lexer(selector);
        while (true)
        {
            var item = lexer.Next();
            _items.Add(item);
            if (item.Token == Token.EndOfString)
            {
                break;
            }
        }
    }

    public static List<LabelRequirement> Parse(string selector) => new LabelSelectorParser(selector).ParseAll();

    private List<LabelRequirement> ParseAll()
    {
        var requirements = new List<LabelRequirement>();
        while (true)
        {
            var (token, literal) = Lookahead(Context.Values);
            switch (token)
            {
                case Token.Identifier or Token.DoesNotExist:
                    try
                    {
                        requirements.Add(ParseRequirement());
                    }
                    catch (SelectorException e)
                    {
                        throw new SelectorException("unable to parse requirement: " + e.Message, e);
                    }

                    var (next, nextLiteral) = Consume(Context.Values);
                    switch (next)
                    {
                        case Token.EndOfString:
                            return requirements;
                        case Token.Comma:
                            var (after, afterLiteral) = Lookahead(Context.Values);
                            if (after is not Token.Identifier and not Token.DoesNotExist)
                            {
                                throw new SelectorException($"found '{afterLiteral}', expected: identifier after ','");
                            }

                            break;
                        default:
                            throw new SelectorException($"found '{nextLiteral}', expected: ',' or 'end of string'");
                    }

                    break;
                case Token.EndOfString:
                    return requirements;
                default:
                    throw new SelectorException($"found '{literal}', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private LabelRequirement ParseRequirement()
    {
        var (key, op) = ParseKeyAndInferOperator();
        if (op is SelectorOperator.Exists or SelectorOperator.DoesNotExist)
        {
            return LabelRequirement.Create(key, op.Value, []);
        }

        var binary = ParseOperator();
        var values = binary is SelectorOperator.In or SelectorOperator.NotIn ? ParseValues() : ParseExactValue();
        return LabelRequirement.Create(key, binary, values.Order(StringComparer.Ordinal));
    }

    private (string Key, SelectorOperator? Operator) ParseKeyAndInferOperator()
    {
        SelectorOperator? op = null;
        var (token, literal) = Consume(Context.Values);
        if (token == Token.DoesNotExist)
        {
            op = SelectorOperator.DoesNotExist;
            (token, literal) = Consume(Context.Values);
        }

        if (token != Token.Identifier)
        {
            throw new SelectorException($"found '{literal}', expected: identifier");
        }

        var errors = NameValidation.IsQualifiedName(literal);
        if (errors.Count > 0)
        {
            // Upstream validates with a nil field path here, which prints as "<nil>".
            throw new SelectorException($"<nil>: Invalid value: {GoText.Quote(literal)}: {string.Join("; ", errors)}");
        }

        var (next, _) = Lookahead(Context.Values);
        if (next is Token.EndOfString or Token.Comma && op != SelectorOperator.DoesNotExist)
        {
            op = SelectorOperator.Exists;
        }

        return (literal, op);
    }

    private SelectorOperator ParseOperator()
    {
        var (token, literal) = Consume(Context.KeyAndOperator);
        return token switch
        {
            Token.In => SelectorOperator.In,
            Token.Equals => SelectorOperator.Equals,
            Token.DoubleEquals => SelectorOperator.DoubleEquals,
            Token.GreaterThan => SelectorOperator.GreaterThan,
            Token.LessThan => SelectorOperator.LessThan,
            Token.NotIn => SelectorOperator.NotIn,
            Token.NotEquals => SelectorOperator.NotEquals,
            _ => throw new SelectorException($"found '{literal}', expected: {BinaryOperators}"),
        };
    }

    private SortedSet<string> ParseValues()
    {
        var (token, literal) = Consume(Context.Values);
        if (token != Token.OpenPar)
        {
            throw new SelectorException($"found '{literal}' expected: '('");
        }

        (token, literal) = Lookahead(Context.Values);
        switch (token)
        {
            case Token.Identifier or Token.Comma:
                var values = ParseIdentifiersList();
                if (Consume(Context.Values).Token != Token.ClosedPar)
                {
                    throw new SelectorException($"found '{literal}', expected: ')'");
                }

                return values;
            case Token.ClosedPar:
                Consume(Context.Values);
                return new SortedSet<string>(StringComparer.Ordinal) { "" };
            default:
                throw new SelectorException($"found '{literal}', expected: ',', ')' or identifier");
        }
    }

    private SortedSet<string> ParseIdentifiersList()
    {
        var values = new SortedSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var (token, literal) = Consume(Context.Values);
            switch (token)
            {
                case Token.Identifier:
                    values.Add(literal);
                    var (next, nextLiteral) = Lookahead(Context.Values);
                    switch (next)
                    {
                        case Token.Comma:
                            continue;
                        case Token.ClosedPar:
                            return values;
                        default:
                            throw new SelectorException($"found '{nextLiteral}', expected: ',' or ')'");
                    }

                case Token.Comma:
                    // "(,", ",)" and ",," all stand for an empty value.
                    if (values.Count == 0)
                    {
                        values.Add("");
                    }

                    var (following, _) = Lookahead(Context.Values);
                    if (following == Token.ClosedPar)
                    {
                        values.Add("");
                        return values;
                    }

                    if (following == Token.Comma)
                    {
                        Consume(Context.Values);
                        values.Add("");
                    }

                    break;
                default:
                    throw new SelectorException($"found '{literal}', expected: ',', or identifier");
            }
        }
    }

    private SortedSet<string> ParseExactValue()
    {
        var values = new SortedSet<string>(StringComparer.Ordinal);
        var (token, _) = Lookahead(Context.Values);
        if (token is Token.EndOfString or Token.Comma)
        {
            values.Add("");
            return values;
        }

        (token, var literal) = Consume(Context.Values);
        if (token == Token.Identifier)
        {
            values.Add(literal);
            return values;
        }

        throw new SelectorException($"found '{literal}', expected: identifier");
    }

    private (Token Token, string Literal) Lookahead(Context context) => InContext(_items[_position], context);

    private (Token Token, string Literal) Consume(Context context)
    {
        // Past the end the lexer keeps answering end of string, as upstream's does.
        var item = _items[Math.Min(_position, _items.Count - 1)];
        _position = Math.Min(_position + 1, _items.Count - 1);
        return InContext(item, context);
    }

    private static (Token Token, string Literal) InContext((Token Token, string Literal) item, Context context) =>
        context == Context.Values && item.Token is Token.In or Token.NotIn ? (Token.Identifier, item.Literal) : item;

    private sealed class Lexer(string text)
    {
        private int _pos;

        public (Token Token, string Literal) Next()
        {
            while (_pos < text.Length && IsWhitespace(text[_pos]))
            {
                _pos++;
            }

            if (_pos >= text.Length)
            {
                return (Token.EndOfString, "");
            }

            return IsSpecial(text[_pos]) ? ScanSpecial() : ScanIdentifierOrKeyword();
        }

        private (Token, string) ScanIdentifierOrKeyword()
        {
            var start = _pos;
            while (_pos < text.Length && !IsSpecial(text[_pos]) && !IsWhitespace(text[_pos]))
            {
                _pos++;
            }

            var literal = text[start.._pos];
            return (Keyword(literal) ?? Token.Identifier, literal);
        }

        // Longest run of special characters that still forms an operator ("!=" over "!").
        private (Token, string) ScanSpecial()
        {
            var start = _pos;
            Token? last = null;
            var lastLiteral = "";
            while (_pos < text.Length && IsSpecial(text[_pos]))
            {
                var candidate = text[start..(_pos + 1)];
                var token = Keyword(candidate);
                if (token is not null)
                {
                    last = token;
                    lastLiteral = candidate;
                    _pos++;
                }
                else if (last is not null)
                {
                    break;
                }
                else
                {
                    _pos++;
                }
            }

            return last is null
                ? (Token.Error, $"error expected: keyword found '{text[start.._pos]}'")
                : (last.Value, lastLiteral);
        }

        private static Token? Keyword(string literal) => literal switch
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

        private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

        private static bool IsSpecial(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';
    }
}
