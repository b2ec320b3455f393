"""Rule documentation: markdown with fixed headings, and runnable examples."""

from __future__ import annotations

import re

from ami_lint.records import Record, record
from ami_lint.rule_ids import rule_page  # noqa: F401 - the url of a built-in rule's page

SECTIONS = (
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "Options",
    "Fix safety",
    "References",
)
REQUIRED_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")
# Where each built-in rule's page is published (docs/rules/AMI###.md, made by
# scripts/update_docs.py): `project.urls` in pyproject.toml says the same
# (tests/test_rule_pages.py keeps them in sync).
REPOSITORY = "https://github.com/ami-lint/ami-lint"
RULE_PAGES = f"{REPOSITORY}/blob/main/docs/rules/"


# Compiled where they are used (re caches them): a run that only links to the
# rules' pages (`rule_page`) compiles none of them (start-up, issue 20).
_HEADING = r"^## +(.+?) *$"
_FENCE = r"^```([\w-]*)[ \t]*([^\n]*)\n(.*?)^```[ \t]*$"
# The language tag of a fenced example says how it is linted.
# A `shorthand` example names its option after the language tag
# (```` ```shorthand block-device-mappings ````), one value word per line.
EXAMPLE_FORMATS = {
    "json": ".json",
    "yaml": ".yaml",
    "yml": ".yaml",
    "sh": ".sh",
    "bash": ".sh",
    "shorthand": "",
    "hcl": ".tf",
    "terraform": ".tf",
}


@record(frozen=True)
class Snippet(metaclass=Record):
    """A fenced code block of a rule's documentation."""

    language: str
    code: str
    info: str = ""

    @property
    def suffix(self) -> str:
        return EXAMPLE_FORMATS.get(self.language, "")


@record(frozen=True)
class RuleDocs(metaclass=Record):
    """A rule's documentation, by section."""

    markdown: str
    sections: dict[str, str]

    @property
    def examples(self) -> list[Snippet]:
        return _snippets(self.sections.get("Example", ""))

    @property
    def use_instead(self) -> list[Snippet]:
        return _snippets(self.sections.get("Use instead", ""))

    def missing_sections(self) -> list[str]:
        return [name for name in REQUIRED_SECTIONS if not self.sections.get(name, "").strip()]


def with_references(markdown: str, references: tuple[tuple[str, str] | str, ...]) -> str:
    """A rule's docs with its "References" section made from its metadata:
    one `- [title](url)` line per (title, url) pair. Docs that write their
    own section (a rule whose references are bare urls) are left as written."""
    pairs = [ref for ref in references if not isinstance(ref, str)]
    if not pairs or re.search(_HEADING_REFERENCES, markdown, re.MULTILINE):
        return markdown
    lines = "\n".join(f"- [{title}]({url})" for title, url in pairs)
    return f"{markdown.rstrip()}\n\n## References\n{lines}\n"


_HEADING_REFERENCES = r"^## +References *$"


def parse_docs(markdown: str) -> RuleDocs:
    text = markdown.strip("\n")
    sections: dict[str, str] = {}
    headings = list(re.finditer(_HEADING, text, re.MULTILINE))
    for i, match in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(text)
        sections[match.group(1)] = text[match.end() : end].strip("\n")
    return RuleDocs(text, sections)


def _snippets(section: str) -> list[Snippet]:
    return [
        Snippet(m.group(1) or "text", m.group(3), m.group(2).strip())
        for m in re.finditer(_FENCE, section, re.MULTILINE | re.DOTALL)
    ]
