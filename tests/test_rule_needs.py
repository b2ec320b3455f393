"""`Rule.needs`: the engine calls a rule only on the requests that have what
it needs (a top-level member, or a command line), and a built-in rule that
declares needs finds nothing in a request without them (issue 20, item 4)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from ami_lint.diagnostics import Finding
from ami_lint.engine import Linter, Options
from ami_lint.model import Request
from ami_lint.nodes import Mapping
from ami_lint.readers.json_reader import read_json
from ami_lint.registry import Registry, builtin_registry
from ami_lint.rule import COMMAND, Context, Rule
from ami_lint.selection import Selection
from ami_lint.source import Source
from tests.conftest import ROOT, lint


class Counting(Rule):
    """A rule that counts the requests it is asked about."""

    def __init__(self, rule_id: str, name: str, needs: tuple[str, ...]) -> None:
        self.id, self.name, self.needs = rule_id, name, needs
        self.calls = 0

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        self.calls += 1
        return ()


def _linter(*rules: Rule) -> Linter:
    registry = Registry()
    for rule in rules:
        registry.add(rule)
    return Linter(Options(selection=Selection(select=["ALL"])), registry)


def test_a_rule_is_called_only_on_requests_with_what_it_needs() -> None:
    uefi = Counting("ACME001", "needs-uefi-data", ("UefiData",))
    kernel = Counting("ACME002", "needs-a-kernel", ("KernelId", "RamdiskId"))
    command = Counting("ACME003", "needs-a-command", (COMMAND,))
    every = Counting("ACME004", "needs-nothing", ())
    linter = _linter(uefi, kernel, command, every)
    linter.lint_text('{"Name": "a-name", "RamdiskId": "ari-12345678"}', "r.json", "json")
    assert (uefi.calls, kernel.calls, command.calls, every.calls) == (0, 1, 0, 1)
    linter.lint_text('{"Name": "b-name", "UefiData": "AAAA"}\n', "r.json", "json")
    assert (uefi.calls, kernel.calls, command.calls, every.calls) == (1, 1, 0, 2)
    linter.lint_text("aws ec2 register-image --name c-name\n", "r.sh", "shell")
    assert (uefi.calls, kernel.calls, command.calls, every.calls) == (1, 1, 1, 3)
    # The same shapes again: the same answer (worked out once per shape).
    linter.lint_text('{"RamdiskId": "ari-12345678", "Name": "d-name"}', "r.json", "json")
    assert (uefi.calls, kernel.calls, command.calls, every.calls) == (1, 2, 1, 4)


def test_a_member_path_is_looked_for_through_objects_and_lists() -> None:
    iops = Counting("ACME001", "needs-iops", ("BlockDeviceMappings.Ebs.Iops",))
    name = Counting("ACME002", "needs-a-device-name", ("BlockDeviceMappings.DeviceName",))
    linter = _linter(iops, name)
    mappings = [
        ('[{"DeviceName": "/dev/sda1", "Ebs": {"VolumeSize": 8}}]', (0, 1)),
        ('[{"Ebs": {"VolumeSize": 8}}, {"VirtualName": "ephemeral0"}]', (0, 0)),
        ('[{"Ebs": {"VolumeSize": 8}}, {"DeviceName": "/dev/sdb", "Ebs": {"Iops": 3000}}]', (1, 1)),
        ('[{"Ebs": "$EBS", "Iops": 3000}]', (0, 0)),
        ('{"Ebs": {"Iops": 3000}}', (1, 0)),  # not a list: its object is looked into as well
    ]
    for text, (with_iops, with_name) in mappings:
        before = (iops.calls, name.calls)
        linter.lint_text(f'{{"Name": "a-name", "BlockDeviceMappings": {text}}}', "r.json", "json")
        assert (iops.calls - before[0], name.calls - before[1]) == (with_iops, with_name), text


def test_rules_run_in_the_registry_order_whatever_they_need() -> None:
    linter = _linter(
        Counting("ACME003", "third", ("Name",)),
        Counting("ACME001", "first", ()),
        Counting("ACME002", "second", (COMMAND,)),
    )
    request = Request(_root('{"Name": "x"}'))
    assert [rule.id for rule in linter._rules_for(request)] == ["ACME001", "ACME003"]


def _root(text: str) -> Mapping:
    root = read_json(Source.from_text(text, "r.json")).documents[0]
    assert isinstance(root, Mapping)
    return root


class _Checking(Linter):
    """A linter that also runs every rule it leaves out, and records any
    finding of one: its `needs` would then hide a real finding."""

    hidden: list[tuple[str, str]]
    skipped: int

    def _rules_for(self, request: Request) -> list[Rule]:
        rules = super()._rules_for(request)
        for rule in self._request_rules:
            if rule not in rules:
                self.skipped += 1
                self.hidden.extend((rule.id, f.message) for f in rule.check(request, self.context))
        return rules


def _checking() -> _Checking:
    linter = _Checking(Options(selection=Selection(select=["ALL"])), builtin_registry())
    linter.hidden, linter.skipped = [], 0
    return linter


def test_no_case_of_a_rule_file_hides_a_finding_behind_needs() -> None:
    from tests.test_rule_cases import ALL, FRONT_END, SUFFIX

    linter = _checking()
    for _rule, case in ALL:
        fmt = case["format"]
        lint(
            case["source"],
            case.get("path", f"case{SUFFIX[fmt]}"),
            FRONT_END.get(fmt, fmt),
            linter,
            case.get("option"),
        )
    assert linter.skipped > 1000  # the needs leave rules out of most requests
    assert linter.hidden == []


CORPORA = [ROOT / "tests" / "corpus", ROOT / "examples"]


@pytest.mark.parametrize("folder", CORPORA, ids=lambda p: p.name)
def test_a_rule_left_out_by_its_needs_would_have_found_nothing(folder: Path) -> None:
    linter = _checking()
    report = linter.lint_paths([str(folder)])
    assert report.files >= 5
    assert linter.skipped > 10  # the needs leave rules out of most requests
    assert linter.hidden == []


def test_built_in_rules_declare_needs_of_requests() -> None:
    """The rules of a command line and of block devices say so."""
    needs = {rule.name: rule.needs for rule in builtin_registry()}
    assert needs["brace-expansion"] == (COMMAND,)
    assert needs["iops-required"] == ("BlockDeviceMappings",)
    assert needs["imdsv2-not-required"] == ()  # reports a member missing: every request
