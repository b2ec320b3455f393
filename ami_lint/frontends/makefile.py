"""Makefiles: each recipe line is a shell script of its own.

GNU make hands each logical recipe line to the shell, after it has

- taken off the recipe prefix (a tab, or the first character of
  `.RECIPEPREFIX` when it is set) and the `@`, `-` and `+` prefixes;
- kept backslash-newline of a continued recipe line as it is (the shell
  sees it), removing the recipe prefix character that starts the continued
  line, and only that character ("Splitting Recipe Lines" in GNU make's
  manual);
- expanded its variables and functions: `$$` is one `$`, `$(VAR)`, `${VAR}`
  and `$V` are the variable's value, `$(call …)`, `$(shell …)`, `$@` … are
  known when make runs.

With `.ONESHELL:` in the file, a rule's recipe lines are one script (each
line's prefix and `@-+` taken off, a line break between them).

Each recipe line becomes an embedded shell source (`ami_lint.shell.embedded`)
whose offset map takes every character back to the Makefile: `$$` is an atom
of two characters for one, and a reference to a variable is the marker
`${__make_VAR}` (an unknown value to the shell front end), mapped to the
whole reference. A variable this Makefile defines once, outside any
conditional, with a plain value (`=`, `:=`, `::=`, `?=`; no `$`, no
backslash, on one line) is resolved: its value is copied into the shell text
from where it was written, so a finding in it is reported there. A Makefile
that includes another one resolves nothing (the other may define it).
`$(AWS)` whose value is `aws` (or `…/aws`) thus runs the CLI; unresolved, a
variable whose name holds `aws` is taken for the CLI as in scripts.

The reader is our own, not tree-sitter-make: make's line structure is simple
and what matters here is exactly where each character of a recipe came from
(tabs removed from continued lines, `$$`, `.RECIPEPREFIX`, which the grammar
does not know), on any text (a Makefile make itself would refuse is read line
by line, never given up on), in one linear pass without a dependency. Recipe
lines without `register-image` in them are not given to the shell at all.
"""

from __future__ import annotations

from ami_lint.frontend import (
    SKIP_NO_CALL,
    SKIP_NO_CALL_FOUND,
    SUPPRESSION_MARKER,
    Extraction,
    FrontEnd,
    Resolver,
    chained,
    mentions,
)
from ami_lint.source import Source

_NEEDLE = "register-image"


class MakefileFrontEnd(FrontEnd):
    name = "makefile"
    kind = "make"
    suffixes = (".mk",)
    needles = (_NEEDLE.encode(),)
    no_needle = SKIP_NO_CALL
    names = ("makefile", "gnumakefile")  # `claims_name` compares in lower case

    def extract(self, source: Source, resolver: Resolver, lenient: bool = False) -> Extraction:
        text = source.text
        if not mentions(text, _NEEDLE):  # most Makefiles: a search of the text
            return Extraction(skipped=SKIP_NO_CALL)
        # Imported here: listing the front end costs no start-up.
        from ami_lint.frontends.makefile_reader import Reader, make_comments
        from ami_lint.frontends.shell import lint_piece

        comments = make_comments(source) if SUPPRESSION_MARKER in text else []

        reader = Reader(text)
        whole = Extraction(comments=comments)
        parts = []
        for piece in reader.recipes():
            # A fix is written back where the recipe has the shell text as it
            # is: never across `$$` or a variable (atoms of the map), and
            # never with a `$` of its own, which make would expand.
            part = lint_piece(piece, source, resolver, lenient, escapes="$")
            whole.findings += part.findings
            whole.comments += part.comments
            if part.skipped is None:
                parts.append(part)
        if not parts:
            whole.skipped = SKIP_NO_CALL_FOUND
            return whole
        whole.requests = chained(parts, whole.notes)
        return whole


MAKEFILE = MakefileFrontEnd()
