"""`Rule.report` on anything with a source and a span: a node, a shell word,
an option use (its name as written), or a span of a source."""

from __future__ import annotations

from ami_lint.diagnostics import Finding
from ami_lint.nodes import Mapping
from ami_lint.rule import Rule
from ami_lint.shell.calls import find_invocations
from ami_lint.shell.cmdline import read_command_line
from ami_lint.source import Source, Span

SCRIPT = "aws ec2 register-image --nam web --architecture x86_64\n"


class Probe(Rule):
    id = "TEST001"
    name = "probe"


def _where(f: Finding) -> tuple[str, str, str | None]:
    return (f.rule, f.source.slice(f.span), f.hint)


def test_report_on_a_node_a_word_an_option_and_a_span() -> None:
    source = Source.from_text(SCRIPT, "build.sh")
    (invocation,) = find_invocations(source)
    line = read_command_line(invocation)
    abbreviated, architecture = line.options
    rule = Probe()
    node = Mapping(source, Span(4, 7))
    assert _where(rule.report(node, "m")) == ("TEST001", "ec2", None)
    assert _where(rule.report(architecture.values[0], "m", "h")) == ("TEST001", "x86_64", "h")
    assert _where(rule.report(abbreviated, "m")) == ("TEST001", "--nam", None)
    assert _where(rule.report((source, Span(0, 3)), "m")) == ("TEST001", "aws", None)
    assert _where(rule.report((architecture, Span(8, 22)), "m")) == ("TEST001", "register-image", None)


def test_option_use_points_at_its_name_as_written() -> None:
    source = Source.from_text("aws ec2 register-image --name=web\n", "build.sh")
    (invocation,) = find_invocations(source)
    (use,) = read_command_line(invocation).options
    assert use.source is source
    assert source.slice(use.span) == "--name"


def test_command_line_rules_report_through_report() -> None:
    """No built-in rule builds its `Finding` by hand (issue 15): each goes
    through `Rule.report`, whatever it points at."""
    from pathlib import Path

    import ami_lint.rules as package

    for path in sorted(Path(package.__path__[0]).glob("*.py")):
        assert "Finding(" not in path.read_text(encoding="utf-8"), path.name
