r"""## What it does
Reports an unquoted `$VAR`, `${VAR}` or `$(…)` in the value of an option
(or of a global option such as `--region`), at the expansion.

## Why is this bad?
The shell splits the result of an unquoted expansion at blanks and expands
glob characters in it. A description with a space becomes two words (the
second one is an unknown option to the CLI), a shorthand value with `*` may
turn into file names, and an empty variable removes the value altogether, so
the option takes the next option as its value or goes missing. A variable
standing where options go (`$extra_flags`) is meant to be split and is not
reported.

## Example
```sh
aws ec2 register-image --name "web-$(date +%F)" --description $DESCRIPTION \
    --root-device-name /dev/xvda
```

## Use instead
```sh
aws ec2 register-image --name "web-$(date +%F)" --description "$DESCRIPTION" \
    --root-device-name /dev/xvda
```

## References
- [ShellCheck SC2086](https://www.shellcheck.net/wiki/SC2086)
- [Bash manual: Word Splitting](https://www.gnu.org/software/bash/manual/html_node/Word-Splitting.html)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ami_lint.diagnostics import Finding, Severity
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.shell.words import ShellWord


class UnquotedExpansion(Rule):
    id = "AMI407"
    name = "unquoted-expansion"
    summary = "An unquoted `$VAR` or `$(…)` in a value is split into words and globbed"
    severity = Severity.WARNING
    references = (
        "https://www.shellcheck.net/wiki/SC2086",
        "https://www.gnu.org/software/bash/manual/html_node/Word-Splitting.html",
    )

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        line = request.command
        if line is None:
            return
        for word in _value_words(request):
            # Resolved or not: the next value assigned may split.
            for part in (*word.unknowns, *word.resolved):
                raw = word.source.slice(part.span)
                # `~`, `$((…))` and `<(…)` give one word; globs are not expansions of a value.
                if part.quoted or not part.splice or part.kind == "glob" or not raw.startswith(("$", "`")):
                    continue
                yield Finding(
                    self.id,
                    word.source,
                    part.span,
                    f"`{raw}` is not quoted: its value is split into words and globbed",
                    f'Put `{raw}` in double quotes: `"{raw}"`',
                )


def _value_words(request: Request) -> Iterator[ShellWord]:
    line = request.command
    assert line is not None
    for option in line.invocation.global_options:
        yield option.word
        if option.value is not None:
            yield option.value
    yield from line.globals_after
    for use in line.options:
        yield from use.values


RULE = UnquotedExpansion()
