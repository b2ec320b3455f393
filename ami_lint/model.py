"""The RegisterImage request, the same whatever format it was written in."""

from __future__ import annotations

from ami_lint.nodes import Mapping, Node, Scalar, ScalarValue, Sequence, Unknown
from ami_lint.records import Record, field, record
from ami_lint.source import Source

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    T = TypeVar("T")


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = _Absent()
_NOT_DERIVED = object()  # what `Request.derive` has not computed


@record(frozen=True)
class Sender(metaclass=Record):
    """The tool between the input and the API when it is not the AWS CLI or
    an SDK (Terraform's AWS provider, Packer): what it sends for what the
    input leaves out. A request without one gets the API's own defaults."""

    # As a message names it: "the provider", "Packer".
    name: str
    # The top-level members it sends when the input leaves them out, as API
    # values: `(("Architecture", "x86_64"), ("VirtualizationType", "paravirtual"))`.
    defaults: tuple[tuple[str, ScalarValue], ...] = ()
    # The `VolumeType` it sends for an EBS volume that names none; None when it
    # sends none (the API then picks, and the reference pages do not say what).
    volume_type: str | None = None

    def default(self, name: str) -> ScalarValue | None:
        """What it sends for the top-level member `name` left out; None when it sends nothing."""
        for key, value in self.defaults:
            if key == name:
                return value
        return None


# A slotted record, not frozen (as the node classes): nothing assigns to a
# request once made, and a frozen record sets each field through
# `object.__setattr__` (about 1,300 instructions a field; issue 20).
@record(eq=False, slots=True)
class Request(metaclass=Record):
    """A register-image request as a node tree.

    Unknown keys stay in the tree so that rules can report them; a value that
    cannot be known (a shell variable) is an `Unknown` node, and rules that
    need it stay silent.
    """

    root: Mapping
    # Set when options may come from somewhere we cannot see (an unquoted
    # `$flags` splice in a shell command): rules about a missing key are silent.
    open_ended: bool = False
    # The command line the request came from, as its front end reads it
    # (`ami_lint.shell.cmdline.CommandLine` for a shell call: rules about
    # the command line itself read it); None for a document. Typed loosely
    # so that the request model does not depend on any front end.
    command: Any = None
    # The command's `--cli-input-json`/`--cli-input-yaml` document as read
    # (a file, inline, a variable or a file the script wrote), before the
    # options of the command line replace its keys; None without one, or when
    # it could not be read.
    cli_input: Mapping | None = None
    # Where the request is sent when the input says so (`--endpoint-url`):
    # a Snow device or an emulator is no region's EC2 (`ami_lint.ebs`). None:
    # EC2's own endpoint, or one not known.
    endpoint: str | None = None
    # The tool that sends it when that is not the AWS CLI or an SDK, whose
    # defaults then replace the API's (`Sender`).
    sender: Sender | None = None
    # What `derive` has computed, by the function that computed it: made with
    # the request, so that a look-up is one attribute and one `dict.get`
    # (about 40,000 a run of the bench tree, issue 20). Left out of
    # `__init__`: a copy (`replace`) or a pickle starts with none.
    _derived: dict[Callable[[Request], Any], Any] = field(default_factory=dict, init=False, repr=False)

    def derive(self, compute: Callable[[Request], T]) -> T:
        """`compute(self)`, computed by the first rule that asks and remembered:
        some fifty rules run on every request, many of them ask for the same
        facts (its block devices, its EBS volumes), and the request never changes."""
        derived = self._derived
        found = derived.get(compute, _NOT_DERIVED)
        if found is not _NOT_DERIVED:
            return found  # type: ignore[no-any-return]
        value = derived[compute] = compute(self)
        return value

    @property
    def source(self) -> Source:
        return self.root.source

    def get(self, name: str) -> Node | None:
        return self.root.get(name)

    def scalar(self, name: str) -> ScalarValue | _Absent | Unknown:
        """A top-level scalar's value, `ABSENT`, or the `Unknown` node."""
        return scalar_of(self.root.get(name))

    def block_device_mappings(self) -> list[Mapping]:
        node = self.root.get("BlockDeviceMappings")
        if isinstance(node, Sequence):
            return [item for item in node.items if isinstance(item, Mapping)]
        return []


def scalar_of(node: Node | None) -> ScalarValue | _Absent | Unknown:
    if node is None:
        return ABSENT
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Unknown):
        return node
    return ABSENT
