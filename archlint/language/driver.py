"""The LALR loop, fused with the one-regex lexer, over lark's own parse table.

lark's parser calls `ParserState.feed_token` once per token, through the lexer's
generator, and builds a nine-field `Token` (a str) for each, even for the "=" and
":" its child filters then drop. This module runs the same shift/reduce steps in
one function: it reads lark's parse table (derived from `grammar/archlint.lark`,
which stays the one definition of the language) and calls lark's own per-rule
callbacks (its child filters, each written out as one function by `reducers.py`,
then archlint's transformer), so the syntax tree is the one lark builds. The
parser's stack holds each state's row of the table itself, so a step is one dict
lookup. A token is pushed as the tuple the transformer's terminal callback makes
of lark's `Token` (value and position); none is made for a token every rule drops.

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
    """A comment token as the transformer's comment callback reads it (lark's
    `Token` is a str with nine fields)."""

    __slots__ = ("type", "value", "start_pos", "line", "column", "end_line", "end_column")

    def __init__(self, type: str, value: str, start_pos: int, line: int, column: int,  # noqa: A002
                 end_column: int) -> None:
        self.type, self.value, self.start_pos, self.line, self.column = type, value, start_pos, line, column
        self.end_line, self.end_column = line, end_column


class Driver:
    """lark's LALR table for one grammar, in a form the loop reads with one lookup a step."""

    def __init__(self, lark: "Lark", lexer: "RegexLexer", piece: Callable) -> None:
        from lark import Tree
        from lark.parsers.lalr_analysis import Shift

        from archlint.language.reducers import compile_callbacks

        parser = lark.parser.parser.parser          # lark's LALR _Parser
        table = parser.parse_table
        callbacks = compile_callbacks(parser.callbacks, lark.options.tree_class or Tree) or parser.callbacks
        ((start, start_state),) = table.start_states.items()
        # One dict per state: symbol -> the next state's dict (a shift, or the goto
        # after a reduction), or (minus the size of the rule's expansion, so that it
        # slices the stacks as is; the rule's callback; the rule's name) (a reduction). The parser's stack holds these dicts, so a
        # step is one lookup. A terminal the loop must not take as found (see
        # `_taken`) has no entry: the loop then hands the document to lark.
        # A terminal is keyed by the number of its group in the lexer's expression
        # (`Match.lastindex`, cheaper than its name), a rule by its name.
        taken, terminals = self._taken(lexer), lexer.contextual.root_lexer.terminals_by_name
        group = lexer.regex.groupindex
        rows: dict[int, dict[int | str, Any]] = {state: {} for state in table.states}
        for state, row in table.states.items():
            rows[state].update(
                (group.get(symbol, symbol),
                 rows[arg] if action is Shift else (-len(arg.expansion), callbacks[arg], arg.origin.name))
                for symbol, (action, arg) in row.items() if symbol not in terminals or symbol in taken[state])
        self.start, self.end = rows[start_state], rows[table.end_states[start]]
        # Terminals that every rule filters out of its children (anonymous "=", ":"...):
        # no token is built for them, lark's child filter drops whatever stands there.
        used = [sym for rule in lark.rules for sym in rule.expansion if sym.is_term]
        kept = {sym.name for sym in used if not sym.filter_out}
        keep_all = any(rule.options.keep_all_tokens for rule in lark.rules)
        # Terminals lark thinks may hold a newline (a string: "[^" in its pattern): a
        # token that does goes to lark, which counts its lines (none of the language's do).
        self.multiline = frozenset(lexer.contextual.root_lexer.newline_types)
        dropped = frozenset() if keep_all else frozenset(
            sym.name for sym in used if sym.filter_out and sym.name not in kept) - self.multiline
        self.dropped = frozenset(group[name] for name in dropped)
        self.comments = {group[name]: name for name in lexer.ignored_with_callback}
        # On a shift lark pushes what the callback named after the terminal makes of
        # the token; this loop pushes that tuple itself, so the callback must be `piece`.
        on_shift = {k: v for k, v in callbacks.items() if isinstance(k, str)}
        if any(on_shift.get(t.name) is not piece for t in lark.terminals if t.name not in dropped):
            raise ValueError("every terminal the parser keeps needs `piece` as its callback")
        self.lexer = lexer
        root = lexer.contextual.root_lexer
        skip = [t for t in root.terminals if t.name in root.ignore_types]
        self.trailing = re.compile("(?:%s)*" % "|".join(t.pattern.to_regexp() for t in skip),
                                   root.g_regex_flags)

    @staticmethod
    def _taken(lexer: "RegexLexer") -> dict[int, set[str]]:
        """Per parser state, the terminals the loop may take as found: those lark's
        contextual lexer accepts there, minus any with a lexer callback."""
        return {state: {k for k in kinds if k not in lexer.callbacks} for state, kinds in lexer.accepts.items()}

    def parse(self, text: str, on_comment: Callable[[Tok], object]) -> object | None:
        """The transformed tree of `text`, or None: lark must parse it (see above)."""
        dropped, comments = self.dropped, self.comments
        next_match = self.lexer.regex.scanner(text).match   # each match starts where the last ended
        count, rfind, find = text.count, text.rfind, text.find
        row = self.start
        states = [row]
        values: list = []
        push_state, push_value = states.append, values.append
        line, stop = 1, 0
        before = -1                      # where the newline before `line` is: column = offset - before
        newline = find("\n")            # the first newline at or after the current token
        if newline < 0:
            newline = len(text)
        while (m := next_match()) is not None:
            kind = m.lastindex
            start, stop = m.span(kind)
            if start > newline:
                line += count("\n", newline, start)
                before = rfind("\n", newline, start)
                newline = find("\n", start)
                if newline < 0:
                    newline = len(text)
            if stop > newline:
                return None              # a token holding a newline: lark counts its lines
            while (action := row.get(kind)).__class__ is tuple:   # reduce, then shift
                back, callback, origin = action   # back: minus the rule's size
                if back == -1:           # a third of all: the top replaced in place
                    values[-1] = callback([values[-1]])
                    row = states[-1] = states[-2][origin]
                    continue
                if back:
                    children = values[back:]
                    del states[back:]
                    del values[back:]
                else:
                    children = []
                push_value(callback(children))
                row = states[-1][origin]
                push_state(row)
            if action is None:
                if kind in comments:     # no row has an entry for a comment (see `_taken`)
                    on_comment(Tok(comments[kind], text[start:stop], start, line, start - before, stop - before))
                    continue
                return None              # a syntax error, or a token lark must see: lark decides
            push_state(action)
            row = action
            if kind in dropped:
                push_value(None)         # "=", ":" ...: lark's child filters drop them
                continue
            push_value((text[start:stop], line, start - before, line, stop - before))   # as `piece` makes it
        if self.trailing.match(text, stop).end() != len(text):
            return None                  # a character no terminal matches: lark's error
        return self._end(states, values)

    def _end(self, states: list, values: list) -> object | None:
        """Reduce on the end of the input until the start rule is complete."""
        while (action := states[-1].get("$END")).__class__ is tuple:
            back, callback, origin = action
            children = values[back:] if back else []
            if back:
                del states[back:]
                del values[back:]
            values.append(callback(children))
            row = states[-1][origin]
            states.append(row)
            if row is self.end:
                return values[-1]
        return None                      # a syntax error at the end: lark words it
