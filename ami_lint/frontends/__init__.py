"""Every front end, in the order they claim a file (`ami_lint.frontend`).

A new input is one module with a `FrontEnd` subclass and one entry here; the
engine does not change. Front-end modules import what they parse with inside
`extract`, so that listing them here costs nothing at start-up.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable

from ami_lint.frontend import SKIP_NO_CALL, SKIPPED, FrontEnd
from ami_lint.frontends.documents import JSON, YAML
from ami_lint.frontends.shell import SHELL
from ami_lint.shell.shebang import SHEBANG_BYTES

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from typing import Any

    from ami_lint.frontend import Comment, Extraction, Resolver
    from ami_lint.source import Source
    from ami_lint.vocabulary import Vocabulary


class Deferred(FrontEnd):
    """A front end listed by its claims: its module (`module:ATTRIBUTE`) is
    imported when a file it claims is linted, so that a run over scripts
    pays nothing for Markdown, Makefiles or Dockerfiles. The claims written
    here are the module's own (tests/test_frontend_registry.py checks it)."""

    def __init__(
        self,
        target: str,
        name: str,
        kind: str | None = None,
        suffixes: tuple[str, ...] = (),
        names: tuple[str, ...] = (),
        prefixes: tuple[str, ...] = (),
        by_path: Callable[[str], bool] | None = None,
        by_head: Callable[[bytes], bool] | None = None,
        path_endings: tuple[str, ...] | None = None,
        needles: tuple[bytes, ...] = (),
        no_needle: str = "",
    ) -> None:
        self.target = target
        self.name, self.kind, self.suffixes, self.names = name, kind, suffixes, names
        # Lower-case beginnings of whole names (`Dockerfile.prod`), and a claim by the whole path.
        self.prefixes = prefixes
        self.by_path = by_path
        # The lower-case endings of every name `by_path` may claim (None: any name).
        self.path_endings = path_endings
        # A claim by the first bytes (a `#!` line), without importing the module.
        self.by_head = by_head
        # The module's byte search (`FrontEnd.skip_unread`: its `needles` and
        # `no_needle`), asked without importing it: most files of a walk
        # (a repository's Markdown, Python, JavaScript...) hold none of its
        # needles, and cost no import.
        self.needles, self.no_needle = needles, no_needle
        self._front: FrontEnd | None = None

    @property
    def front(self) -> FrontEnd:
        if self._front is None:
            import sys

            module, attribute = self.target.split(":")
            __import__(module)  # `importlib.import_module`, without importing importlib (and warnings)
            self._front = getattr(sys.modules[module], attribute)
        return self._front

    def claims_name(self, name: str) -> bool:
        if self.by_path is not None:
            return self.by_path(name)
        return super().claims_name(name) or (
            bool(self.prefixes) and name.rsplit("/", 1)[-1].lower().startswith(self.prefixes)
        )

    @property
    def replaces_bad_bytes(self) -> bool:  # type: ignore[override]
        return self.front.replaces_bad_bytes

    @property
    def vocabulary(self) -> Vocabulary:  # type: ignore[override]
        return self.front.vocabulary

    def claims_head(self, head: bytes) -> bool:
        return self.by_head is not None and self.by_head(head)

    def extract(self, source: Source, resolver: Resolver, lenient: bool = False) -> Extraction:
        return self.front.extract(source, resolver, lenient)

    def skip_unread(self, data: bytes, exact: bool = True) -> str | None:
        front = self._front  # asked of every file of a walk: the property once
        if front is None and self.needles:
            return super().skip_unread(data, exact)  # a needle found: the module reads it
        return (front if front is not None else self.front).skip_unread(data, exact)

    def unreadable(self, data: bytes, name: str, problem: str, at: int, lenient: bool) -> Extraction:
        return self.front.unreadable(data, name, problem, at, lenient)

    def too_large(self, data: bytes, name: str, limit: int, lenient: bool) -> Extraction:
        return self.front.too_large(data, name, limit, lenient)

    def comments(self, source: Source) -> list[Comment]:
        return self.front.comments(source)

    def __getattr__(self, attribute: str) -> Any:
        """What else the front end has (a test's look at its parts)."""
        if attribute.startswith("_"):
            raise AttributeError(attribute)
        return getattr(self.front, attribute)


def _python_shebang(head: bytes) -> bool:
    """A `#!` line that runs Python: a bytes test, the front end is not imported."""
    if not head.startswith(b"#!"):
        return False
    from ami_lint.frontends.python_head import is_python_shebang

    return is_python_shebang(head)


# What `_ci_file` may claim: a name that does not end so is not asked.
CI_ENDINGS = (".yml", ".yaml")


def _ci_file(name: str) -> bool:
    if not name[-5:].lower().endswith(CI_ENDINGS):
        return False  # `ci_kind`'s first test
    low = name.lower()
    if "workflows" not in low and "action." not in low and "gitlab-ci." not in low and "config." not in low:
        # What `ci_kind` claims (`.github/workflows/`, `action.yml`,
        # `.gitlab-ci.yml`, `.circleci/config.yml`) is none of this name's:
        # most `.yml` files of a walk, each asked twice.
        return False
    if not _CI_KIND:  # imported once: an import here would cost every `.yml` of a walk
        from ami_lint.frontends.ci_paths import ci_kind

        _CI_KIND.append(ci_kind)
    return _CI_KIND[0](name) is not None


_CI_KIND: list[Callable[[str], object]] = []


# CI workflows are claimed by their path before YAML claims every `.yml`.
WORKFLOWS = Deferred(
    "ami_lint.frontends.workflows:WORKFLOWS",
    "workflow",
    by_path=_ci_file,
    path_endings=CI_ENDINGS,
    needles=(b"register-image",),
    no_needle=SKIP_NO_CALL,
)
MARKDOWN = Deferred(
    "ami_lint.frontends.markdown:MARKDOWN",
    "markdown",
    "Markdown",
    (".md", ".markdown", ".mdx"),
    needles=(
        b"register-image",
        b"RegisterImage",
        b"registerImage",
        b"register_image",
        b"aws_ami",
        b"amazon-ebssurrogate",
        b"amazon-chroot",
        b"amazon-instance",
    ),
    no_needle=f"{SKIPPED}no aws ec2 register-image call in a code block",
)
MAKEFILE = Deferred(
    "ami_lint.frontends.makefile:MAKEFILE",
    "makefile",
    "make",
    (".mk",),
    ("makefile", "gnumakefile"),
    needles=(b"register-image",),
    no_needle=SKIP_NO_CALL,
)
JENKINSFILE = Deferred(
    "ami_lint.frontends.jenkinsfile:JENKINSFILE",
    "jenkinsfile",
    "Jenkins",
    (".jenkinsfile", ".groovy"),
    ("jenkinsfile",),
    ("jenkinsfile.",),
    needles=(b"register-image",),
    no_needle=SKIP_NO_CALL,
)
DOCKERFILE = Deferred(
    "ami_lint.frontends.dockerfile:DOCKERFILE",
    "dockerfile",
    "Docker",
    (".dockerfile",),
    ("dockerfile", "containerfile"),
    ("dockerfile.", "containerfile."),
    needles=(b"register-image",),
    no_needle=SKIP_NO_CALL,
)
# Before JSON, which would claim `.tf.json`.
TERRAFORM = Deferred(
    "ami_lint.frontends.terraform:TERRAFORM",
    "terraform",
    "Terraform",
    (".tf", ".tf.json"),
    needles=(b"aws_ami",),
    no_needle=f'{SKIPPED}no resource "aws_ami"',
)
# Packer templates (`.pkr.json`, `.pkr.hcl`) are claimed before JSON claims every `.json`;
# a legacy `.json` template is handed on by the JSON front end.
PACKER = Deferred("ami_lint.frontends.packer:PACKER_FRONT", "packer", "Packer", (".pkr.json", ".pkr.hcl"))
# AWS SDK calls in JavaScript and TypeScript (issue 18).
JAVASCRIPT = Deferred(
    "ami_lint.frontends.javascript:JAVASCRIPT",
    "javascript",
    "JavaScript/TypeScript",
    (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"),
    needles=(b"RegisterImage", b"registerImage"),
    no_needle=f"{SKIPPED}no RegisterImageCommand or registerImage call",
)
PYTHON = Deferred(
    "ami_lint.frontends.python:PYTHON",
    "python",
    "Python",
    (".py", ".pyw", ".pyi"),
    by_head=_python_shebang,
    needles=(b"register_image",),
    no_needle=f"{SKIPPED}no boto3 register_image call",
)
# Go programs (aws-sdk-go v1/v2 `ec2.RegisterImageInput{…}`); a file without
# `RegisterImage` in it is skipped before tree-sitter-go is loaded.
GO = Deferred(
    "ami_lint.frontends.golang:GO",
    "go",
    "Go",
    (".go",),
    needles=(b"RegisterImage",),
    no_needle=f"{SKIPPED}no ec2.RegisterImageInput in it",
)
FRONT_ENDS: tuple[FrontEnd, ...] = (
    WORKFLOWS,
    TERRAFORM,
    PACKER,
    JSON,
    YAML,
    SHELL,
    MARKDOWN,
    MAKEFILE,
    JENKINSFILE,
    DOCKERFILE,
    JAVASCRIPT,
    PYTHON,
    GO,
)
BY_NAME = {front.name: front for front in FRONT_ENDS}


def _kinds() -> str:
    """`JSON, YAML or shell`: the kinds of file the front ends read (those
    three first, though Terraform claims `.tf.json` before JSON does)."""
    first = (JSON, YAML, SHELL)
    kinds = [front.kind for front in (*first, *(f for f in FRONT_ENDS if f not in first)) if front.kind]
    return kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " or " + kinds[-1]


# A file no front end claims: the note for `--verbose`, and what is said of
# a file named on the command line.
UNCLAIMED = f"{SKIPPED}not a {_kinds()} file"
UNCLAIMED_NAMED = f"not a {_kinds()} file by its name or `#!` line"


def _by_suffix_only(front: FrontEnd) -> bool:
    """Whether the front end claims a name by its suffixes, whole names and
    beginnings alone (`FrontEnd.claims_name`, `Deferred` without `by_path`)."""
    if isinstance(front, Deferred):
        return front.by_path is None
    return type(front).claims_name is FrontEnd.claims_name


class _Claims:
    """How `FRONT_ENDS` claims names, worked out once for the tuple it was
    made for: the claims by the whole path are asked first, for every name;
    those after them are decided by the name's last two suffixes, once each
    (a walk asks for every file)."""

    def __init__(self, fronts: tuple[FrontEnd, ...]) -> None:
        self.fronts = fronts
        by_path = 0
        while by_path < len(fronts) and not _by_suffix_only(fronts[by_path]):
            by_path += 1
        self.by_path, self.after = fronts[:by_path], fronts[by_path:]
        # A name that ends in none of these is claimed by its ending alone
        # (None: some claim by the whole path may take any name).
        endings = [getattr(front, "path_endings", None) for front in self.by_path]
        self.path_endings = None if None in endings else tuple(e for ends in endings if ends for e in ends)
        # No suffix claimed has more than two dots: the ending decides as the name would.
        self.cached = all(
            _by_suffix_only(front) and all(s.startswith(".") and s.count(".") <= 2 for s in front.suffixes)
            for front in self.after
        )
        self.names = frozenset(name for front in self.after for name in front.names)
        self.beginnings = tuple(p for f in self.after if isinstance(f, Deferred) for p in f.prefixes)
        self.by_ending: dict[str, FrontEnd | None] = {}
        # The last name (as written, its folder left out) whose claim went
        # by its ending alone, and that claim: a walk claims each file's name
        # twice in a row, once met (`ami_lint.files`), once read (the engine).
        # (No name written holds a `/`: none matches the first.)
        self.last: tuple[str, FrontEnd | None] = ("/", None)

    def of(self, name: str) -> FrontEnd | None:
        """The first front end whose `claims_name` takes `name`."""
        if self.cached and self.path_endings is not None:
            # The usual name of a walk, by its ending once remembered.
            written = name[name.rfind("/") + 1 :]
            last_name, last_found = self.last
            if written == last_name:
                return last_found
            base = written.lower()
            last = base.rfind(".")
            if last >= 0:
                before = base.rfind(".", 0, last)
                found = self.by_ending.get(base[before if before >= 0 else last :], _UNKNOWN)
                if found is not _UNKNOWN and base not in self.names and not base.startswith(self.beginnings):
                    if not base.endswith(self.path_endings):
                        self.last = (written, found)  # type: ignore[assignment]
                        return found  # type: ignore[return-value]
                    # A name the claims by the whole path may take: theirs, else its ending's.
                    for front in self.by_path:
                        if front.claims_name(name):
                            return front
                    return found  # type: ignore[return-value]
        for front in self.by_path:
            if front.claims_name(name):
                return front
        base = name.rsplit("/", 1)[-1].lower()
        last = base.rfind(".")
        if not self.cached or last < 0 or base in self.names or base.startswith(self.beginnings):
            return next((front for front in self.after if front.claims_name(name)), None)
        before = base.rfind(".", 0, last)
        ending = base[before if before >= 0 else last :]
        if ending in self.by_ending:
            return self.by_ending[ending]
        found = next((front for front in self.after if front.claims_name(ending)), None)
        if len(self.by_ending) < 4096:
            self.by_ending[ending] = found
        return found


_UNKNOWN = object()
_CLAIMS = [_Claims(FRONT_ENDS)]


def claim(name: str, head: bytes | None = None, named: bool = False) -> FrontEnd | None:
    """The front end of a file by its name, else by its first bytes `head`.
    `named`: the file was named on the command line, so one without a
    suffix is taken for a script."""
    claims = _CLAIMS[0]
    if claims.fronts is not FRONT_ENDS:  # a test added a front end
        claims = _CLAIMS[0] = _Claims(FRONT_ENDS)
    front = claims.of(name)
    if front is not None:
        return front
    if head is not None:
        for front in FRONT_ENDS:
            if front.claims_head(head):
                return front
    if named and "." not in name.rsplit("/", 1)[-1]:
        return SHELL
    return None


def sniff(data: bytes) -> tuple[FrontEnd | None, str]:
    """The front end of standard input given without `--stdin-filename`, from
    its content: a shell `#!` line or an `aws … register-image` call is a
    script, a first non-blank `{` or `[` JSON, a text that reads as a YAML
    mapping (or a broken one that looks like a request) YAML. Else None, and why."""
    from ami_lint.readers import read_limits
    from ami_lint.source import Source

    if SHELL.claims_head(data[:SHEBANG_BYTES]):
        return SHELL, ""
    stripped = data.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n")
    if not stripped:
        return None, "standard input is empty"
    if stripped[:1] in (b"{", b"["):
        return JSON, ""
    text = data.decode("utf-8", errors="replace")
    small = len(data) <= read_limits().max_file_size
    if b"register-image" in data:
        # Too large to parse: taken for a script, which is then not checked, and said so.
        if not small:
            return SHELL, ""
        from ami_lint.shell.calls import find_invocations, parse_script

        source = Source.from_text(text, "-")
        # Kept for the lint that follows, which then does not parse it again.
        if find_invocations(source, parse_script(source, keep=True)):
            return SHELL, ""
    if small:
        from ami_lint.detect import looks_like_request
        from ami_lint.nodes import Mapping

        result = YAML.read(Source.from_text(text, "-"))
        if any(isinstance(doc, Mapping) for doc in result.documents) or (
            result.failed and looks_like_request(text, lenient=True)
        ):
            return YAML, ""
    return None, (
        "standard input is not JSON (no `{` or `[` first), not a shell script (no `#!` line of a "
        "shell, no `aws ec2 register-image` call) and not a YAML mapping; "
        "name its kind with --stdin-filename"
    )
