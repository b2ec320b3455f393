"""`python -m ami_lint`."""

import os
import sys

# `python -m` puts the working directory first on sys.path, and ami-lint
# imports most modules when it first needs them: run from the root of a
# linted tree, a `tree_sitter.py`, a `yaml.py` or a `*.dist-info` declaring an
# `ami_lint.rules` entry point there would be imported, that is, run. The
# package itself is already imported by now; nothing else may come from the
# working directory (as with `python -P`).
if not getattr(sys.flags, "safe_path", False) and sys.path:  # `-P` is Python 3.11
    cwd: str | None
    try:
        cwd = os.getcwd()
    except OSError:  # a deleted working directory
        cwd = None
    if sys.path[0] in ("", cwd):
        del sys.path[0]

from ami_lint.cli import entry

entry()
