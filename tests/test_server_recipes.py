"""The README's language-server recipes, and the VS Code extension, as written:
what can be checked without the editors (Neovim is run when installed)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ami_lint.frontends import claim
from ami_lint.lsp_text import LANGUAGE_NAMES

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
SECTION = README[
    README.index("### The language server: `ami-lint server`") : README.index("### Through standard input")
]
VSCODE = REPO / "editors" / "vscode"


def block(after: str, language: str) -> str:
    start = SECTION.index(after)
    match = re.compile(rf"^```{language}\n(.*?)^```$", re.MULTILINE | re.DOTALL).search(SECTION, start)
    assert match, f"no {language} block after {after!r}"
    return match.group(1)


def test_install_line_names_the_extra() -> None:
    assert "pip install 'ami-lint[server]'" in block("Install it with its extra", "sh")
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    extras = pyproject["project"]["optional-dependencies"]
    assert {re.split(r"[<>=]", d)[0] for d in extras["server"]} == {"pygls", "lsprotocol"}
    assert set(extras["server"]) <= set(extras["test"])


def test_every_language_id_the_readme_names_is_read() -> None:
    named = re.findall(r"`([a-z]+)`", SECTION[SECTION.index("the editor's language id") :].split(")")[0])
    assert named == [
        "shellscript", "sh", "bash", "json", "yaml", "markdown", "terraform", "hcl", "python", "go",
        "javascript", "typescript", "makefile", "dockerfile", "groovy",
    ]  # fmt: skip
    assert set(named) <= set(LANGUAGE_NAMES)
    # Those whose front ends this version has are claimed by their representative name.
    for language in (
        "shellscript",
        "sh",
        "bash",
        "json",
        "yaml",
        "markdown",
        "makefile",
        "dockerfile",
        "groovy",
    ):
        assert claim(LANGUAGE_NAMES[language]) is not None, language


def test_vscode_extension() -> None:
    package = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    languages = [event.removeprefix("onLanguage:") for event in package["activationEvents"]]
    assert set(languages) <= set(LANGUAGE_NAMES)
    assert package["main"] == "./extension.js"
    assert "vscode-languageclient" in package["dependencies"]
    script = (VSCODE / "extension.js").read_text(encoding="utf-8")
    assert 'args: ["server"]' in script
    assert '.get("path", "ami-lint")' in script
    assert package["contributes"]["configuration"]["properties"]["ami-lint.path"]["default"] == "ami-lint"
    if shutil.which("node"):
        subprocess.run(["node", "--check", str(VSCODE / "extension.js")], check=True, timeout=60)
    # The README's fix-on-save setting names the server's action kind.
    assert '"source.fixAll.ami-lint": "explicit"' in SECTION


def test_helix_and_eglot_start_the_server() -> None:
    helix = tomllib.loads(block("**Helix**", "toml"))
    assert helix["language-server"]["ami-lint"] == {"command": "ami-lint", "args": ["server"]}
    assert all(language["language-servers"][-1] == "ami-lint" for language in helix["language"])
    assert '. ("ami-lint" "server")' in block("**Emacs**", "elisp")


# The Neovim to run: $AMI_LINT_NVIM (a newer build than the system's, say), else `nvim`.
NVIM = os.environ.get("AMI_LINT_NVIM") or shutil.which("nvim")


def _nvim_version() -> tuple[int, ...]:
    assert NVIM is not None
    out = subprocess.run([NVIM, "--version"], capture_output=True, text=True, timeout=30).stdout
    match = re.search(r"NVIM v(\d+)\.(\d+)", out)
    return tuple(int(x) for x in match.groups()) if match else (0,)


@pytest.mark.skipif(NVIM is None, reason="Neovim is not installed")
def test_neovim_recipe_as_written(tmp_path: Path) -> None:
    """The README's `init.lua` lines, verbatim, with `ami-lint` this
    interpreter's (Neovim 0.8+ has `vim.lsp.start`; tests/test_server.py
    drives older ones through `vim.lsp.start_client`)."""
    if _nvim_version() < (0, 8):
        pytest.skip("the recipe needs Neovim 0.8 or newer (vim.lsp.start)")
    recipe = block("**Neovim**", "lua").replace(
        'cmd = { "ami-lint", "server" }', f'cmd = {{ "{sys.executable}", "-m", "ami_lint", "server" }}'
    )
    (tmp_path / ".git").mkdir()
    script = tmp_path / "deploy.sh"
    script.write_text("aws ec2 register-image --name web --ena-support true\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    init = tmp_path / "init.lua"
    init.write_text(
        recipe
        + textwrap.dedent(
            f"""
            vim.api.nvim_create_autocmd("VimEnter", {{ callback = function()
              vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
              local codes = {{}}
              for _, d in ipairs(vim.diagnostic.get(0)) do table.insert(codes, d.code) end
              table.sort(codes)
              -- The quick fix of AMI402, from the code actions at the cursor, applied.
              vim.api.nvim_win_set_cursor(0, {{ 1, 48 }})
              vim.lsp.buf.code_action({{
                apply = true,
                filter = function(action) return action.isPreferred end,
              }})
              local function fixed()
                for _, d in ipairs(vim.diagnostic.get(0)) do
                  if d.code == "AMI402" then return false end
                end
                return true
              end
              vim.wait(20000, fixed, 50)
              table.insert(codes, "--")
              for _, d in ipairs(vim.diagnostic.get(0)) do table.insert(codes, d.code) end
              vim.list_extend(codes, vim.api.nvim_buf_get_lines(0, 0, -1, false))
              vim.fn.writefile(codes, {str(out)!r})
              vim.cmd("qall!")
            end }})
            """
        ),
        encoding="utf-8",
    )
    subprocess.run(
        [NVIM, "--headless", "--clean", "-u", str(init), str(script)],
        cwd=tmp_path, capture_output=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    # Its findings, then the buffer after its quick fix: the findings are gone.
    found = ["AMI301", "AMI305", "AMI306"]  # a missing root device, architecture, virtualization type
    assert out.read_text().splitlines() == [
        *found,
        "AMI402",
        "--",
        *found,
        "aws ec2 register-image --name web --ena-support",
    ]
