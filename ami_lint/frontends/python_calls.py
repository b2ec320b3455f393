"""The boto3 `register_image` calls of a Python file, found in its tree-sitter-python tree.

A call `X.register_image(…)` is an EC2 request (boto3, botocore, aioboto3:
a client's method and the `ec2` resource's action take the same
parameters) when it has no positional argument (boto3's methods take
keywords only) and one of these says so:

- a keyword in PascalCase (`Name=…`), or a `**kwargs` whose known keys are;
- its receiver is made by `client("ec2")`/`resource("ec2")` (`boto3.client`,
  `Session().client`, `session.client(service_name="ec2")`), written in
  place or assigned to the name or attribute the call goes through
  (anywhere in the file, `async with … as ec2` included);
- its receiver is named for EC2 (`ec2`, `self.ec2_client`) and no keyword
  is in lower case (boto 2's `conn.register_image(name=…)` is another API).

A receiver made for another service (`client("s3")`) is never EC2.

A file that imports `moto` or `localstack`, or makes a client with an
`endpoint_url` on the local machine (`localhost`, `127.0.0.1`, `0.0.0.0`,
`[::1]`, a `localstack` host), talks to a mock: `mock` says why.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ami_lint.frontends.python_values import Values, near, needles
from ami_lint.nodes import Scalar

METHOD = "register_image"
_FACTORIES = frozenset({"client", "resource"})
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "::1", "localstack"})
_MOCK_MODULES = ("moto", "localstack")
# Where the walk goes: calls, clients, mocks.
_WORDS = (METHOD.encode(), b"client", b"resource", b"endpoint_url", b"moto", b"localstack")


class Calls:
    """The candidate calls of one tree, the way down to each, and what the
    file says about clients and mocks."""

    def __init__(self, values: Values, root: Any) -> None:
        self.values = values
        self.root = root
        self.calls: list[Any] = []
        self.paths: dict[int, list[Any]] = {}
        # Names and attributes (`ec2`, `self.client`) bound to a client: the
        # service it is for, or None for one that is not known.
        self.clients: dict[str, str | None] = {}
        # The `endpoint_url` each of them is made with, when it is written out.
        self.endpoints: dict[str, str] = {}
        self.mock: str | None = None
        self._walk()

    def raw(self, node: Any) -> str:
        return self.values.raw(node)

    def _walk(self) -> None:
        """One walk, only where the words looked for stand: the
        `register_image` calls with their paths, the clients bound to names,
        the imports and endpoints that say a mock."""
        offsets = needles(self.values.data, _WORDS)
        for node, path in near(self.root, offsets):
            kind = node.type
            if kind == "call":
                self._call(node, path)
            elif kind == "ERROR":
                self._broken(node, path)
            elif kind in ("import_statement", "import_from_statement") and self.mock is None:
                self._import(node)
            elif kind == "assignment":
                self._binding(node.child_by_field_name("left"), node.child_by_field_name("right"))
            elif kind == "as_pattern":
                target = next((c for c in node.named_children if c.type == "as_pattern_target"), None)
                value = node.named_children[0] if node.named_children else None
                if target is not None and target.named_children:
                    self._binding(target.named_children[0], value)

    def _call(self, node: Any, path: list[Any]) -> None:
        function = node.child_by_field_name("function")
        if function is None:
            return
        if function.type == "attribute":
            attribute = function.child_by_field_name("attribute")
            if attribute is not None and self.raw(attribute) == METHOD:
                self.calls.append(node)
                self.paths[node.id] = list(path)
                return
        if self.mock is None and self.service(node) is not None:
            endpoint = self.endpoint(node)
            if endpoint is not None and _local(endpoint):
                self.mock = f"a client with `endpoint_url` `{endpoint}`"

    def _broken(self, node: Any, path: list[Any]) -> None:
        """`x.register_image(` whose parenthesis a syntax error left open: the
        arguments written before the error are the call's."""
        children = node.children
        for i, child in enumerate(children[:-1]):
            if child.type != "attribute" or children[i + 1].type != "(":
                continue
            attribute = child.child_by_field_name("attribute")
            if attribute is None or self.raw(attribute) != METHOD:
                continue
            arguments = []
            for after in children[i + 2 :]:
                if after.type not in ("keyword_argument", "dictionary_splat", ",", "comment"):
                    break
                arguments.append(after)
            call = BrokenCall(child, arguments)
            self.calls.append(call)
            self.paths[call.id] = [*path, child]

    def _import(self, node: Any) -> None:
        for child in node.named_children:
            if child.type in ("dotted_name", "aliased_import", "relative_import"):
                name = self.raw(child).split()[0].lstrip(".")
                if name.split(".")[0].startswith(_MOCK_MODULES):
                    self.mock = f"it imports `{name.split('.')[0]}`"
                    return
            if node.type == "import_from_statement":
                return  # the names after `import` are not modules

    def _binding(self, target: Any, value: Any) -> None:
        if target is None or value is None:
            return
        if value.type == "await":
            value = value.named_children[0] if value.named_children else None
        if value is None or value.type != "call":
            return
        service = self.service(value)
        if service is not None and target.type in ("identifier", "attribute"):
            self.clients[self.raw(target)] = service or None
            endpoint = self.endpoint(value)
            if endpoint is not None:
                self.endpoints[self.raw(target)] = endpoint

    def service(self, call: Any) -> str | None:
        """For `client("ec2")`/`resource(service_name="ec2")`: the service
        (`""` when it is not written out); None for any other call."""
        function = call.child_by_field_name("function")
        arguments = call.child_by_field_name("arguments")
        if function is None or arguments is None or arguments.type != "argument_list":
            return None
        name = function
        if function.type == "attribute":
            name = function.child_by_field_name("attribute")
        if name is None or name.type != "identifier" or self.raw(name) not in _FACTORIES:
            return None
        first = None
        for argument in arguments.named_children:
            if argument.type == "keyword_argument":
                key = argument.child_by_field_name("name")
                if key is not None and self.raw(key) == "service_name":
                    first = argument.child_by_field_name("value")
                    break
            elif argument.type != "comment" and first is None:
                first = argument
        if first is None or first.type not in ("string", "concatenated_string"):
            return ""
        got = self.values.string(first, {})
        return got.value if isinstance(got, Scalar) and isinstance(got.value, str) else ""

    def endpoint(self, call: Any) -> str | None:
        """The `endpoint_url` a client is made with, as far as it is written out
        (the text before the first `{…}` of an f-string)."""
        arguments = call.child_by_field_name("arguments")
        for argument in arguments.named_children if arguments is not None else ():
            if argument.type != "keyword_argument":
                continue
            key = argument.child_by_field_name("name")
            value = argument.child_by_field_name("value")
            if key is None or value is None or self.raw(key) != "endpoint_url":
                continue
            if value.type == "string":
                _, body = self.values._string_parts(value)
                if body and isinstance(body[0], tuple):
                    start, end = body[0]
                    return self.values.source.text[start:end]
            return None
        return None

    def receiver_endpoint(self, call: Any) -> str | None:
        """The `endpoint_url` of the client a call goes through, when written out
        (a Snow device's endpoint is no region's EC2: `ami_lint.ebs`)."""
        function = call.child_by_field_name("function")
        target = function.child_by_field_name("object") if function is not None else None
        if target is None:
            return None
        if target.type == "call":
            return self.endpoint(target)
        return self.endpoints.get(self.raw(target))

    def receiver(self, call: Any) -> tuple[str | None, bool]:
        """The service the call's receiver is a client of ("" when not known,
        None for no client at all), and whether it is named for EC2."""
        function = call.child_by_field_name("function")
        target = function.child_by_field_name("object") if function is not None else None
        if target is None:
            return None, False
        while target.type in ("parenthesized_expression", "await") and target.named_children:
            target = target.named_children[0]
        if target.type == "call":
            return self.service(target), False
        text = self.raw(target)
        if target.type in ("identifier", "attribute"):
            if text in self.clients:
                service = self.clients[text]
                return (service if service is not None else ""), "ec2" in text.lower()
            last = text.rsplit(".", 1)[-1]
            return None, "ec2" in last.lower()
        return None, "ec2" in text.lower()


class BrokenCall:
    """A call cut by a syntax error, read as the call node it would have been:
    its `id` is its function's (the node the way down to it ends at)."""

    type = "call"
    has_error = True

    def __init__(self, function: Any, arguments: list[Any]) -> None:
        self.id = function.id
        self.function = function
        self.arguments = _Arguments(arguments)
        last = arguments[-1] if arguments else function
        self.start_byte, self.end_byte = function.start_byte, last.end_byte
        # Where the error cuts it: after its last argument.
        self.cut_byte = last.end_byte

    def child_by_field_name(self, name: str) -> Any:
        return {"function": self.function, "arguments": self.arguments}.get(name)


class _Arguments:
    type = "argument_list"

    def __init__(self, children: list[Any]) -> None:
        self.children = children
        self.named_children = [c for c in children if c.is_named]


def _local(url: str) -> bool:
    """Whether an endpoint URL (or its beginning) names the local machine."""
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return False
    if host is None:
        return False
    return host in _LOCAL_HOSTS or host.startswith("127.") or host.endswith(".localhost")
