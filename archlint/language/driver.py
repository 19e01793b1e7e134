"""The LALR loop, fused with the one-regex lexer, over lark's own parse table.

lark's parser calls `ParserState.feed_token` once per token, through the lexer's
generator, and builds a nine-field `Token` (a str) for each, even for the "=" and
":" its child filters then drop. This module runs the same shift/reduce steps in
one function: it reads lark's parse table (derived from `grammar/archlint.lark`,
which stays the one definition of the language) and calls lark's own per-rule
callbacks (its child filters, then archlint's transformer), so the syntax tree is
the one lark builds. Tokens are small objects with the fields the transformer
reads (type, text, start and end); none is made for a token every rule drops.

It only parses valid documents. Wherever it could differ from lark, it hands the
whole document back (`None`) and `parser.parse` runs lark: a syntax error (so
every error, its position and message are lark's), a terminal not valid in the
parser's state (a keyword used as a name: lark's contextual lexer decides), or a
token lark might count lines in. `tests/test_lexer.py` checks that both give the
same tree or the same error on every sample, docs example, generated document and
the fuzz corpus.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from lark import Lark

    from archlint.language.lexer import RegexLexer


class Tok:
    """A token as the transformer reads it (lark's `Token` is a str with nine fields)."""

    __slots__ = ("type", "value", "start_pos", "line", "column", "end_line", "end_column")

    def __init__(self, type: str, value: str, start_pos: int, line: int, column: int,  # noqa: A002
                 end_column: int) -> None:
        self.type, self.value, self.start_pos, self.line, self.column = type, value, start_pos, line, column
        self.end_line, self.end_column = line, end_column


class Driver:
    """lark's LALR table for one grammar, in a form the loop reads with two lookups."""

    def __init__(self, lark: "Lark", lexer: "RegexLexer") -> None:
        from lark.parsers.lalr_analysis import Shift

        parser = lark.parser.parser.parser          # lark's LALR _Parser
        table = parser.parse_table
        callbacks = parser.callbacks
        ((start, self.start_state),) = table.start_states.items()
        self.end_state = table.end_states[start]
        # state -> symbol -> next state (shift: an int), or (size of the rule's
        # expansion, lark's callback for the rule, the rule's name) (reduce: a tuple)
        self.actions: dict[int, dict[str, Any]] = {
            state: {symbol: arg if action is Shift else
                    (len(arg.expansion), callbacks[arg], arg.origin.name)
                    for symbol, (action, arg) in row.items()}
            for state, row in table.states.items()
        }
        # a transformer method named after a terminal runs on shift (lark's rule)
        self.on_shift: dict[str, Callable] = {k: v for k, v in callbacks.items() if isinstance(k, str)}
        self.lexer = lexer
        # Terminals that every rule filters out of its children (anonymous "=", ":"...):
        # no token is built for them, lark's child filter drops whatever stands there.
        used = [sym for rule in lark.rules for sym in rule.expansion if sym.is_term]
        kept = {sym.name for sym in used if not sym.filter_out}
        keep_all = any(rule.options.keep_all_tokens for rule in lark.rules)
        self.dropped = frozenset() if keep_all else frozenset(
            sym.name for sym in used if sym.filter_out and sym.name not in kept)
        # Per parser state, the terminals the loop may take as found: those lark's
        # contextual lexer accepts there, minus any with a lexer callback (True: lark
        # thinks it may hold a newline; a token that does goes to lark).
        self.accepts = {state: {k: v for k, v in kinds.items() if k not in lexer.callbacks}
                        for state, kinds in lexer.accepts.items()}
        root = lexer.contextual.root_lexer
        skip = [t for t in root.terminals if t.name in root.ignore_types]
        self.trailing = re.compile("(?:%s)*" % "|".join(t.pattern.to_regexp() for t in skip),
                                   root.g_regex_flags)

    def parse(self, text: str, on_comment: Callable[[Tok], object]) -> object | None:
        """The transformed tree of `text`, or None: lark must parse it (see above)."""
        actions, accepts, dropped, on_shift = self.actions, self.accepts, self.dropped, self.on_shift
        match, comments = self.lexer.regex.match, self.lexer.ignored_with_callback
        count, rfind = text.count, text.rfind
        states = [self.start_state]
        values: list = []
        push_state, push_value = states.append, values.append
        pos, line, line_start = 0, 1, 0
        row = actions[self.start_state]
        while m := match(text, pos):
            kind = m.lastgroup
            start, stop = m.span(kind)
            if newlines := count("\n", pos, start):
                line += newlines
                line_start = rfind("\n", pos, start) + 1
            if kind in comments:
                value = text[start:stop]
                if "\n" in value:
                    return None
                column = start - line_start + 1
                on_comment(Tok(kind, value, start, line, column, column + stop - start))
                pos = stop
                continue
            multiline = accepts[states[-1]].get(kind)
            if multiline is None or (multiline and "\n" in m[kind]):
                return None              # not valid here, or may span lines: lark decides
            if kind in dropped:
                token = None             # "=", ":" ...: lark's child filters drop them
            else:
                column = start - line_start + 1
                token = Tok(kind, text[start:stop], start, line, column, column + stop - start)
            pos = stop
            while (action := row.get(kind)).__class__ is tuple:   # reduce, then shift
                size, callback, origin = action
                if size:
                    children = values[-size:]
                    del states[-size:]
                    del values[-size:]
                else:
                    children = []
                push_value(callback(children))
                state = actions[states[-1]][origin]
                push_state(state)
                row = actions[state]
            if action is None:
                return None              # a syntax error: lark words it
            push_state(action)
            row = actions[action]
            push_value(on_shift[kind](token) if kind in on_shift else token)
        if self.trailing.match(text, pos).end() != len(text):
            return None                  # a character no terminal matches: lark's error
        return self._end(states, values)

    def _end(self, states: list, values: list) -> object | None:
        """Reduce on the end of the input until the start rule is complete."""
        actions = self.actions
        while (action := actions[states[-1]].get("$END")).__class__ is tuple:
            size, callback, origin = action
            children = values[-size:] if size else []
            if size:
                del states[-size:]
                del values[-size:]
            values.append(callback(children))
            state = actions[states[-1]][origin]
            states.append(state)
            if state == self.end_state:
                return values[-1]
        return None                      # a syntax error at the end: lark words it
