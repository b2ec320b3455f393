"""CI workflows: the shell commands written in GitHub Actions workflows and
composite actions, GitLab CI and CircleCI configurations.

A file is claimed by its path (`.github/workflows/*.yml`, `action.yml`,
`.gitlab-ci.yml`, `.circleci/config.yml`), so every other `.yml` stays a CLI
skeleton of the YAML front end. The file is read by the YAML reader, whose
scalars carry the map from each character of their value to where it was
written (block scalars with their indentation, chomping and folding, quoted
scalars with their escapes); each script is handed to the shell front end as
a `Source` embedded in the workflow, so findings land at the characters the
user wrote.

What the CI system fills in before the shell runs (`${{ … }}`, CircleCI's
`<< parameters.x >>`, GitLab's `$[[ inputs.x ]]`) becomes a shell expansion
of the same length, a value unknown until run time. `env:` (GitHub),
`variables:` (GitLab) and `environment:` (CircleCI) entries with a literal
value are assignments before the script, placed at the literal: a finding in
the value is reported where the YAML wrote it.

Only POSIX shells are read (`bash`, `sh`, `dash`, `ksh`, `zsh`): a `run:` in
`pwsh`, `cmd` or `python` is left out, with a note when it calls register-image.
"""

from __future__ import annotations

from ami_lint.frontend import NOT_CHECKED, SKIP_NO_CALL, Comment, Extraction, FrontEnd, Resolver, mentions
from ami_lint.frontends.ci_paths import GITHUB, ci_kind
from ami_lint.source import Source

__all__ = ["WORKFLOWS", "WorkflowFrontEnd", "ci_kind"]


class WorkflowFrontEnd(FrontEnd):
    name = "workflow"
    needles = (b"register-image",)
    no_needle = SKIP_NO_CALL
    # Not in "not a JSON, YAML or shell file": a CI file is YAML, and always claimed by its path.
    kind = None

    def claims_name(self, name: str) -> bool:
        return ci_kind(name) is not None

    def extract(self, source: Source, resolver: Resolver, lenient: bool = False) -> Extraction:
        if not mentions(source.text, "register-image"):
            return Extraction(skipped=SKIP_NO_CALL)
        # What reads the file and its scripts is imported only for a file that may call it.
        from ami_lint.frontends.workflow_scripts import extract

        return extract(source, ci_kind(source.path) or GITHUB, resolver, lenient)

    def too_large(self, data: bytes, name: str, limit: int, lenient: bool) -> Extraction:
        if mentions(data, b"register-image"):
            return Extraction(skipped=NOT_CHECKED + f"larger than {limit} bytes (`--max-file-size`)")
        return super().too_large(data, name, limit, lenient)

    def comments(self, source: Source) -> list[Comment]:
        from ami_lint.readers.yaml_comments import yaml_comments

        return yaml_comments(source)


WORKFLOWS = WorkflowFrontEnd()
