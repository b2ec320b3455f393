"""The wheel ships every package: a subpackage missing from pyproject.toml works in
an editable install and breaks a real one."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

tomllib = pytest.importorskip("tomllib")  # Python 3.11+


def test_every_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "ami_lint").rglob("__init__.py")
    } | {"ami_lint.rules"}
    assert found == listed
