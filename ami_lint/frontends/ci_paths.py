"""Which CI system's file a path is (`ami_lint.frontends.workflows`), by its name alone."""

from __future__ import annotations

GITHUB = "github"  # .github/workflows/*.yml
ACTION = "action"  # action.yml: a composite action
GITLAB = "gitlab"  # .gitlab-ci.yml
CIRCLECI = "circleci"  # .circleci/config.yml


def ci_kind(path: str) -> str | None:
    """Which CI file `path` (a display path) is by its name, or None."""
    low = "/" + path.replace("\\", "/").lower()
    base = low.rsplit("/", 1)[-1]
    if not base.endswith((".yml", ".yaml")):
        return None
    parent = low[: len(low) - len(base)]
    if parent.endswith("/.github/workflows/"):
        return GITHUB
    if base in ("action.yml", "action.yaml"):
        return ACTION
    if base.endswith((".gitlab-ci.yml", ".gitlab-ci.yaml")):
        return GITLAB
    if parent.endswith("/.circleci/") and base in ("config.yml", "config.yaml"):
        return CIRCLECI
    return None
