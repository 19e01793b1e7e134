"""SUP: suppression hygiene (unused suppressions, suppressions without a reason).

These two rules are about other rules' findings, so no function of the graph
alone can decide them: whether `ignore[REL001]` is used depends on whether
REL001 reported something there. They are declared here like every rule (so
they are listed, explained, selected, ignored and re-levelled the same way),
their `check` yields nothing, and the engine fulfils them after the other
rules ran, through `reasonless` and `unused` below:

1. the engine runs the selected rules;
2. `reasonless` adds SUP002 findings (only with `require-reason: true`);
3. suppressions are applied to all of those findings;
4. `unused` turns the ids no finding used into SUP001 findings, which can in
   turn be suppressed (`ignore[SUP001]` on the same comment, the line above,
   or a group's line).

An id is reported unused only if its rule ran on that document (a rule left out
by `--select`, `ignore` or `per-file-ignores` cannot be used), or if it names
no rule at all. An `ignore[SUP001]` is itself never reported unused: it is the
way to say "keep this suppression even when it matches nothing".
"""

