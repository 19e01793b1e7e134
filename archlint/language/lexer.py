"""A one-regex lexer for lark's LALR parser, built from the grammar's own terminals.

lark's contextual lexer matches two regular expressions per token (whitespace is a
token too) and builds each token through several calls; it was about 45% of the
parse. This lexer compiles ONE expression from the terminals lark itself derived
from `grammar/archlint.lark`: ignored terminals without a callback (whitespace) are
skipped inside the expression, then the terminals follow in lark's own order
(priority, width, name), so the first alternative that matches is the token lark's
lexer would choose. The grammar stays the one definition of the language.

It is exact because it hands over to lark's contextual lexer, at the same position,
whenever it could differ from it:
- nothing matches (the end of the input, or a syntax error: lark raises the error);
- the terminal found is not accepted in the parser's current state (a keyword used
  as a name: lark's lexer for that state only tries the accepted terminals);
- the terminal can span lines (none today; lark then counts the lines).
In every other case lark's lexer for the state tries a subset of the same
terminals in the same order, so it picks the same one. `tests/test_lexer.py`
checks token-for-token equality, errors included, on every sample, docs example,
generated document and a fuzz corpus.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable, Iterator

from lark.exceptions import UnexpectedCharacters, UnexpectedToken
from lark.lexer import (BasicLexer, CallChain, ContextualLexer, Lexer, LexerState, Token,
                        _create_unless)

if TYPE_CHECKING:
    from lark import Lark

_new_token = Token._future_new  # Token(...) minus the check for a deprecated keyword


def _callbacks(root: BasicLexer) -> dict[str, Callable[[Token], Token]]:
    """The token callbacks lark's lexer applies: its own (a NAME that spells a keyword
    becomes the keyword) and the user's, chained as `BasicLexer._build_scanner` does,
    without compiling the scanner (one regular expression of every terminal, about
    8 M instructions at each start) that this lexer replaces."""
    _, callbacks = _create_unless(root.terminals, root.g_regex_flags, root.re, root.use_bytes)
    for name, callback in root.user_callbacks.items():
        if name in callbacks:
            callbacks[name] = CallChain(callbacks[name], callback, lambda t, name=name: t.type == name)
        else:
            callbacks[name] = callback
    return callbacks


class RegexLexer(Lexer):
    """Drop-in for lark's contextual lexer (`lark.parser.lexer`), same tokens, faster."""

    __future_interface__ = 2  # lex(lexer_state, parser_state), like lark's own lexers

    def __init__(self, contextual: ContextualLexer) -> None:
        self.contextual = contextual
        root = contextual.root_lexer
        ignored = root.ignore_types
        self.callbacks = _callbacks(root)
        skip = [t for t in root.terminals if t.name in ignored and t.name not in self.callbacks]
        tokens = [t for t in root.terminals if t not in skip]  # lark's order, kept
        skip_pattern = "|".join(t.pattern.to_regexp() for t in skip)
        token_pattern = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in tokens)
        # The skip is atomic (a lookahead, then a back-reference to what it matched):
        # where no token follows, the engine must not retry every way of splitting
        # the whitespace between the repetitions, which is exponential in its length.
        atomic_skip = f"(?=(?P<_skip>(?:{skip_pattern})*))(?P=_skip)"
        self.regex = re.compile(f"{atomic_skip}(?:{token_pattern})" if skip else token_pattern,
                                root.g_regex_flags)
        # Per parser state: the terminals this lexer may return as found, each with
        # whether lark thinks it may hold a newline (then a token that does goes to lark,
        # which counts its lines; none of the language's tokens do).
        multiline = root.newline_types
        self.accepts: dict[int, dict[str, bool]] = {
            state: {t.name: t.name in multiline for t in lexer.terminals}
            for state, lexer in contextual.lexers.items()
        }
        self.ignored_with_callback = frozenset(n for n in ignored if n in self.callbacks)

    @classmethod
    def install(cls, lark: "Lark") -> "RegexLexer":
        """Put this lexer in front of `lark`'s LALR parser (built with lexer='contextual')."""
        frontend = lark.parser
        lexer = cls(frontend.lexer)
        frontend.lexer = lexer
        return lexer

    def lex(self, lexer_state: LexerState, parser_state: Any) -> Iterator[Token]:
        text_slice = lexer_state.text
        text, end = text_slice.text, text_slice.end
        counter = lexer_state.line_ctr
        pos, line, line_start = counter.char_pos, counter.line, counter.line_start_pos
        match, accepts, stack = self.regex.match, self.accepts, parser_state.state_stack
        callbacks, comments = self.callbacks, self.ignored_with_callback
        count = text.count
        last = lexer_state.last_token
        while True:
            m = match(text, pos, end)
            kind = m and m.lastgroup
            if kind in comments and "\n" not in m[kind]:
                start, stop = m.span(kind)
                if count("\n", pos, start):
                    line += count("\n", pos, start)
                    line_start = text.rfind("\n", pos, start) + 1
                column = start - line_start + 1
                callbacks[kind](_new_token(kind, text[start:stop], start, line, column,
                                           line, column + stop - start, stop))
                pos = stop
                continue
            multiline = accepts[stack[-1]].get(kind)  # None: not valid here, or no match
            if multiline is None or kind in callbacks or (multiline and "\n" in m[kind]):
                # lark's lexer decides, from the same place (see the module docstring).
                counter.char_pos, counter.line, counter.line_start_pos = pos, line, line_start
                counter.column = pos - line_start + 1
                lexer_state.last_token = last
                token = self._lark_token(lexer_state, parser_state)
                if token is None:
                    return
                last = token
                pos, line, line_start = counter.char_pos, counter.line, counter.line_start_pos
                yield token
                continue
            start, stop = m.span(kind)
            if count("\n", pos, start):
                line += count("\n", pos, start)
                line_start = text.rfind("\n", pos, start) + 1
            column = start - line_start + 1
            last = _new_token(kind, text[start:stop], start, line, column,
                              line, column + stop - start, stop)
            pos = stop
            yield last

    def _lark_token(self, lexer_state: LexerState, parser_state: Any) -> Token | None:
        """One token exactly as `ContextualLexer.lex` makes it (None at the end)."""
        contextual = self.contextual
        try:
            return contextual.lexers[parser_state.position].next_token(lexer_state, parser_state)
        except EOFError:
            return None
        except UnexpectedCharacters as error:
            # As lark does: a terminal that exists but is not valid here is an
            # unexpected token, else the original error with this state's terminals.
            try:
                last_token = lexer_state.last_token
                token = contextual.root_lexer.next_token(lexer_state, parser_state)
                raise UnexpectedToken(token, error.allowed, state=parser_state, token_history=[last_token],
                                      terminals_by_name=contextual.root_lexer.terminals_by_name) from None
            except UnexpectedCharacters:
                raise error from None
