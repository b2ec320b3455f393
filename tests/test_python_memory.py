"""What the Python front end holds while a large program is linted (issue 20, item 3)."""

from __future__ import annotations

import gc
import tracemalloc

from ami_lint.frontend import NoFiles
from ami_lint.frontends.python import PYTHON
from ami_lint.frontends.python_values import near
from ami_lint.nodes import Mapping
from ami_lint.source import Source


def _program(calls: int) -> str:
    units = [
        f"def register_{i}(ec2):\n"
        f'    ebs = {{"SnapshotId": "snap-{i:017x}", "VolumeType": "gp3"}}\n'
        f'    ec2.register_image(Name="build-{i}", RootDeviceName="/dev/xvda",\n'
        '        BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": ebs}])\n\n\n'
        for i in range(calls)
    ]
    return "import boto3\n\n\n" + "".join(units)


def test_requests_are_built_one_at_a_time_and_let_go() -> None:
    """The requests come as the engine asks for them; the names known at a
    call are let go once its request is built: a request the engine has
    checked and dropped is freed."""
    extraction = PYTHON.extract(Source.from_text(_program(300), "r.py"), NoFiles())
    assert not isinstance(extraction.requests, list)
    requests = iter(extraction.requests)
    first = next(requests)
    assert isinstance(first.request.root, Mapping)
    gc.collect()
    before = sum(1 for o in gc.get_objects() if type(o) is Mapping)
    for _ in range(250):
        next(requests)  # checked and dropped, as by the engine
    gc.collect()
    after = sum(1 for o in gc.get_objects() if type(o) is Mapping)
    assert after - before < 10, (before, after)
    assert len(list(requests)) == 49


def test_near_keeps_no_children_on_the_nodes_it_passes() -> None:
    """`node.children` would keep a list of Python nodes on each node of a
    path that the caller keeps (`Calls.paths`): the walk goes with a cursor."""
    from ami_lint.frontends.python import _parse

    source = Source.from_text(_program(2000), "r.py")
    parsed = _parse(source)
    root = parsed.tree.root_node
    offsets = [parsed.data.rfind(b"register_image")]
    gc.collect()
    tracemalloc.start()
    try:
        kept = [list(path) for _, path in near(root, offsets)]
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kept[-1][-1].type == "identifier"
    # The root's 2,000 children as Python nodes would be about 200 KB.
    assert held < 20_000, held


def test_the_peak_of_a_large_program_is_bounded() -> None:
    """The whole tree is needed (names flow across a module); what is built
    beside it stays well under it (tracemalloc sees tree-sitter's own
    allocations: py-tree-sitter allocates through Python): 1.23 times the tree here."""
    from ami_lint.engine import Linter, Options

    text = _program(800)
    linter = Linter(Options())
    linter.lint_text(text, "r.py", "python")  # the rules imported, outside the measure
    from ami_lint.frontends.python import _parse

    gc.collect()
    tracemalloc.start()
    try:
        tree = _parse(Source.from_text(text, "r.py")).tree
        tree_bytes, _ = tracemalloc.get_traced_memory()
        del tree
        gc.collect()
        tracemalloc.reset_peak()
        start, _ = tracemalloc.get_traced_memory()
        linter.lint_text(text, "r.py", "python")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak - start < 1.35 * tree_bytes, (peak - start, tree_bytes)


MIXED = """\
import boto3

EC2 = boto3.client("ec2")
BASE = {"Architecture": "x86_64"}
name = "first"
EC2.register_image(Name=name, **BASE)


def one(ec2):
    vtype = "gp3"
    ebs = {"SnapshotId": "snap-1", "VolumeType": vtype}
    ec2.register_image(Name="one", BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": ebs}])

    def inner():
        size = 8
        ec2.register_image(Name="inner", BlockDeviceMappings=[{"Ebs": {"VolumeSize": size}}])

    return inner


name = "second"
EC2.register_image(Name=name, **BASE)


class Builder:
    def build(self):
        kwargs = dict(BASE)
        kwargs["Name"] = "built"
        for _ in range(2):
            self.ec2.register_image(**kwargs)
        register = lambda n: self.ec2.register_image(Name=n, **BASE)
        return register


if name:
    EC2.register_image(Name=name, VirtualizationType="hvm")
"""


def test_the_names_of_each_scope_are_worked_out_alone_and_the_same() -> None:
    from ami_lint.frontends.python import _keywords_only, _parse
    from ami_lint.frontends.python_calls import Calls
    from ami_lint.frontends.python_flow import Flow
    from ami_lint.frontends.python_values import Values
    from ami_lint.nodes import to_python

    source = Source.from_text(MIXED, "m.py")
    parsed = _parse(source)
    values = Values(source, parsed.data, parsed.chars)
    root = parsed.tree.root_node
    calls = Calls(values, root)
    candidates = [call for call in calls.calls if _keywords_only(call)]
    assert len(candidates) == 7
    flow = Flow(values, root)
    whole = flow.environments(candidates, calls.paths)
    scopes = flow.scopes(candidates, calls.paths)
    assert len(scopes) == 5  # the module, one, inner, build, the lambda
    alone: dict[int, dict[str, object]] = {}
    for _, group in scopes.values():
        alone.update(Flow(values, root).environments(group, calls.paths))

    def plain(envs):
        return {
            key: {n: (type(v).__name__, to_python(v)) for n, v in env.items()} for key, env in envs.items()
        }

    assert plain(alone) == plain(whole)


def test_names_are_worked_out_a_scope_at_a_time_as_the_requests_come(monkeypatch) -> None:
    from ami_lint.frontends.python_flow import Flow

    asked: list[int] = []
    real = Flow.environments

    def environments(self, calls, paths):
        asked.append(len(calls))
        return real(self, calls, paths)

    monkeypatch.setattr(Flow, "environments", environments)
    extraction = PYTHON.extract(Source.from_text(_program(100), "r.py"), NoFiles())
    assert asked == [1]  # the first call's scope: to know there is a request at all
    requests = iter(extraction.requests)
    for _ in range(10):
        next(requests)
    assert asked == [1] * 10  # no scope before its call is asked for
    assert len(list(requests)) == 90
    assert asked == [1] * 100


def test_a_program_with_calls_in_every_kind_of_scope_lints_as_before() -> None:
    """The findings of `MIXED` as main gave them before the names were worked out a scope at a time."""
    from tests.conftest import lint

    found = [(d.rule, d.source.position(d.span.start).line) for d in lint(MIXED, "m.py", "python")]
    assert found == [
        ("AMI301", 6),
        ("AMI306", 6),
        ("AMI107", 11),
        ("AMI304", 12),
        ("AMI305", 12),
        ("AMI306", 12),
        ("AMI301", 16),
        ("AMI305", 16),
        ("AMI306", 16),
        ("AMI202", 16),
        ("AMI301", 22),
        ("AMI306", 22),
        ("AMI301", 36),
        ("AMI305", 36),
        ("AMI311", 36),
    ]
