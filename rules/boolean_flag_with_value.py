r"""## What it does
Reports a value given to an option that takes none: `--ena-support true`,
`--dry-run false`, `--ena-support=true`, at the value.

## Why is this bad?
Boolean options of the CLI are flags: `--ena-support` turns the setting on,
`--no-ena-support` turns it off, and neither takes a value. The word after
the flag belongs to no option and the CLI fails with `Unknown options: true`
(with `=true`, `ignored explicit argument 'true'`). `--dry-run false` does not
turn the dry run off.

## Example
```sh
aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda --ena-support true
```

## Use instead
```sh
aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda --ena-support
```

## Fix safety
Safe, for `true` and `false` (in any case): `--ena-support true` becomes
`--ena-support` (the value and the blanks before it are removed, so no
double space is left) and `--ena-support false` becomes `--no-ena-support`,
which is what the words say. Any other value (`yes`, `0`, `$ENA`) gets no
fix, and neither does a value on the next line of a continued command or a
flag written in quotes.
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.edits import Edit, Fix, fix
from ami_lint.model import Request
from ami_lint.rule import COMMAND, Context, Rule
from ami_lint.shell.cmdline import FLAG, OptionUse
from ami_lint.shell.words import ShellWord
from ami_lint.source import PLACEHOLDER, Span

_OFF = frozenset({"false", "no", "off", "0", "disabled", "disable"})


class BooleanFlagWithValue(Rule):
    id = "AMI402"
    name = "boolean-flag-with-value"
    summary = "A value given to a boolean flag, which takes none"
    severity = Severity.ERROR
    references = (
        ("register-image", "https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html"),
    )

    needs = (COMMAND,)  # a command line's rule: a document has none

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        line = request.command
        if line is None:
            return
        for stray in line.strays:
            if stray.after_flag is not None:
                text = _text(stray.word)
                yield self._finding(
                    stray.after_flag,
                    stray.word,
                    f"`{stray.after_flag.spec.name}` takes no value but is followed by `{text}`: "
                    f"the CLI fails with `Unknown options: {text}`",
                )
        for use in line.options:
            if use.spec.kind == FLAG and use.explicit:
                text = _text(use.values[0])
                yield self._finding(
                    use,
                    use.values[0],
                    f"`{use.spec.name}` takes no value but is given `{text}`: "
                    f"the CLI fails with `ignored explicit argument '{text}'`",
                )

    def _finding(self, flag: OptionUse, value: ShellWord, message: str) -> Finding:
        name = flag.spec.name
        text = _text(value)
        if text.lower() in _OFF and not name.startswith("--no-"):
            hint = f"Write `--no-{name[2:]}` instead of `{name} {text}`"
        else:
            hint = f"Remove `{text}`: `{name}` alone means it"
        span = value.span
        if flag.explicit:
            # `--flag="x"`: the value as written starts after the `=`, quote included.
            span = Span(flag.name_span.end + 1, value.span.end)
        return self.report((value, span), message, hint, fix=_fix(flag, value, text))


def _fix(flag: OptionUse, value: ShellWord, text: str) -> Fix | None:
    """`--flag true` -> `--flag`; `--flag false` -> `--no-flag`: when the flag is
    one plain word and the value follows it on its line (or after its `=`)."""
    meaning = text.lower()
    name = flag.spec.name
    if meaning not in ("true", "false") or (meaning == "false" and name.startswith("--no-")):
        return None
    source = flag.word.source
    if flag.explicit:
        if source.slice(flag.word.span) != f"{flag.written}={text}":
            return None
        start, end = flag.name_span.end, flag.word.span.end
    else:
        gap = source.text[flag.word.span.end : value.span.start]
        if source.slice(flag.word.span) != flag.written or not gap or gap.strip(" \t"):
            return None
        start, end = flag.word.span.end, value.span.end
    if meaning == "true":
        return fix(f"Remove `{text}`", [Edit(Span(start, end), "")])
    negated = f"--no-{name[2:]}"
    return fix(f"Write `{negated}`", [Edit(Span(flag.name_span.start, end), negated)])


def _text(word: ShellWord) -> str:
    return (
        word.text if word.text is not None and PLACEHOLDER not in word.text else word.source.shown(word.span)
    )


RULE = BooleanFlagWithValue()
