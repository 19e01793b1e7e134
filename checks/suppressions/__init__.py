"""SUP: suppression hygiene (unused suppressions, suppressions without a reason).

These two rules are about other rules' findings, so no function of the graph
alone can decide them: whether `ignore[REL001]` is used depends on whether
REL001 reported something there. They are declared like every rule (so they
are listed, explained, selected, ignored and re-levelled the same way), with a
post-step `stage` (archlint/registry.py) that the engine runs in this order:

1. the engine runs the selected design rules;
2. SUP002 (`BEFORE_SUPPRESSIONS`) reports suppressions without a reason (only
   with `require-reason: true`); its findings can be suppressed like any other;
3. suppressions are applied to all of those findings;
4. SUP001 (`AFTER_SUPPRESSIONS`) turns the ids no finding used into findings,
   which can in turn be suppressed (`ignore[SUP001]` on the same comment, the
   line above, or a group's line).

An id is reported unused only if its rule ran on that document (a rule left out
by `--select`, `ignore` or `per-file-ignores` cannot be used), or if it names
no rule at all. An `ignore[SUP001]` is itself never reported unused: it is the
way to say "keep this suppression even when it matches nothing".
"""
