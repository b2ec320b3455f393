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
    allocations: py-tree-sitter allocates through Python)."""
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
    assert peak - start < 1.6 * tree_bytes, (peak - start, tree_bytes)
