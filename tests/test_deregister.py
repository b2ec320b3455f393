"""`deregister-image` is not `register-image`: an AMI clean-up script, workflow
or program holds the name of the operation that registers an image inside
the one that removes it, and an IAM policy names `ec2:RegisterImage`
without calling it. Such a file is skipped as one without a call (and
unread in a walk), not said to "mention register-image" with an invitation
to report a call that was not recognised."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ami_lint.cli import main
from ami_lint.frontend import NAMED_WHY, SKIP_NO_CALL, SKIP_NO_CALL_FOUND, SKIPPED, mentions
from ami_lint.frontends.javascript import SKIP_NO_SDK_CALL
from ami_lint.frontends.markdown import SKIP_NO_BLOCK
from ami_lint.frontends.python import SKIP_NO_CALL as SKIP_NO_BOTO3_CALL

# One clean-up file of each kind that held a needle before, and what a run
# naming it says on stderr.
CLEANUPS = {
    "cleanup.sh": (
        '#!/bin/bash\nfor ami in $OLD; do\n  aws ec2 deregister-image --image-id "$ami"\ndone\n',
        "no `aws ec2 register-image` call in it",
    ),
    "Makefile": (
        "clean:\n\taws ec2 deregister-image --image-id $(AMI)\n",
        "no `aws ec2 register-image` call in it",
    ),
    "Dockerfile": (
        "FROM amazon/aws-cli\nRUN aws ec2 deregister-image --image-id ami-1\n",
        "no `aws ec2 register-image` call in it",
    ),
    "Jenkinsfile": (
        'pipeline { stages { stage("c") { steps { sh "aws ec2 deregister-image --image-id x" } } } }\n',
        "no `aws ec2 register-image` call in it",
    ),
    ".github/workflows/cleanup.yml": (
        "on: push\njobs:\n  c:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: aws ec2 deregister-image --image-id ami-1\n",
        "no `aws ec2 register-image` call in it",
    ),
    "cleanup.ts": (
        'import { DeregisterImageCommand } from "@aws-sdk/client-ec2";\n'
        "await client.send(new DeregisterImageCommand({ ImageId: id }));\n",
        "no RegisterImageCommand or registerImage call",
    ),
    "cleanup.py": (
        'import boto3\n\nboto3.client("ec2").deregister_image(ImageId="ami-1")\n',
        "no boto3 register_image call",
    ),
    "policy.ts": (
        'new iam.PolicyStatement({ actions: ["ec2:RegisterImage", "ec2:DeregisterImage"] });\n',
        "no RegisterImageCommand or registerImage call",
    ),
    "IAM.md": (
        "# Permissions\n\nThe role needs `ec2:RegisterImage` and `ec2:DeregisterImage`.\n",
        "no aws ec2 register-image call in a code block",
    ),
    "CLEANUP.md": (
        "# Clean up\n\n```sh\naws ec2 deregister-image --image-id ami-1\n```\n",
        "no aws ec2 register-image call in a code block",
    ),
}


# Each walk note, and what a run naming the file says for it.
_NOTES = {
    note: NAMED_WHY.get(note, note.removeprefix(SKIPPED))
    for note in (SKIP_NO_CALL, SKIP_NO_SDK_CALL, SKIP_NO_BOTO3_CALL, SKIP_NO_BLOCK)
}


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CLEANUPS))
def test_a_cleanup_file_named_says_it_holds_no_call(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text, why = CLEANUPS[name]
    _write(tmp_path, {name: text})
    monkeypatch.chdir(tmp_path)
    assert main([name]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"{name}: not linted: {why}\n"


def test_a_walk_of_cleanup_files_skips_each_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path / "tree", {name: text for name, (text, _) in CLEANUPS.items()})
    monkeypatch.chdir(tmp_path)
    assert main(["--verbose", "--format", "json", "--jobs", "1", "tree"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["summary"]["files"] == 0
    assert "mentions" not in captured.err
    # Walked, each says the note of which the run naming it says `why`.
    for name, (_, why) in CLEANUPS.items():
        note = next(note for note, said in _NOTES.items() if said == why)
        assert f"tree/{name}: {note}\n" in captured.err


def test_a_script_that_registers_and_deregisters_is_linted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(
        tmp_path,
        {
            "rotate.sh": '#!/bin/bash\naws ec2 deregister-image --image-id "$OLD"\n'
            "aws ec2 register-image --name new --architecture amd64\n"
        },
    )
    monkeypatch.chdir(tmp_path)
    assert main(["--format", "json", "rotate.sh"]) == 1
    found = {(d["rule"], d["line"], d["column"]) for d in json.loads(capsys.readouterr().out)["diagnostics"]}
    # Each on the register-image call (line 3): `amd64`, and what it leaves out.
    assert found == {("AMI104", 3, 50), ("AMI301", 3, 1), ("AMI306", 3, 1)}


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("aws ec2 register-image", True),
        ("aws ec2 deregister-image", False),
        ("aws ec2 Deregister-image", False),
        ("aws ec2 deregister-image; aws ec2 register-image", True),
        ('aws ec2 de"register-image"', True),  # the word is deregister-image, but it is parsed to tell
        ("register-image", True),
        ("e register-image", True),
        ("xregister-image", True),
    ],
)
def test_mentions(text: str, held: bool) -> None:
    assert mentions(text, "register-image") is held
    assert mentions(text.encode(), b"register-image") is held


def test_iam_actions_are_no_mention() -> None:
    assert not mentions('actions: ["ec2:RegisterImage"]', "RegisterImage")
    assert not mentions(b'"Action": "ec2:RegisterImage"', b"RegisterImage")
    assert mentions("ec2.RegisterImageInput{}", "RegisterImage")  # Go's SDK
    assert mentions('"ec2:RegisterImage"; new RegisterImageCommand({})', "RegisterImage")


def test_sdk_spellings_of_the_removal_are_no_mention() -> None:
    assert not mentions("ec2.deregister_image(ImageId=x)", "register_image")
    assert mentions("ec2.register_image(Name=x)", "register_image")
    assert not mentions("new DeregisterImageCommand({})", "registerImage")
    assert not mentions("ec2.deregisterImage({})", "registerImage")
    assert mentions("new RegisterImageCommand({})", "RegisterImage")


def test_a_call_not_recognised_is_still_reported_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # register-image written where no call of it is recognised (an echo): the
    # note still asks for a report, as before.
    _write(tmp_path, {"odd.sh": "#!/bin/bash\necho register-image\naws ec2 deregister-image --image-id x\n"})
    monkeypatch.chdir(tmp_path)
    assert main(["odd.sh"]) == 0
    assert capsys.readouterr().err == f"odd.sh: not linted: {SKIP_NO_CALL_FOUND.removeprefix('skipped: ')}\n"


_PIECES = st.sampled_from(
    [
        "aws ec2 ",
        "deregister-image",
        "register-image",
        "de",
        "regis",
        "ter-image",
        '"',
        "'",
        "\\\n",
        "$",
        "$'\\x72'",
        " --image-id x",
        " --name n --architecture amd64",
        "\n",
        "# ",
        "ec2:",
        "{de,}",
        'regis"ter-image"',
        "register-\\\nimage",
        'de"register-image"',
        "de\\\nregister-image",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12))
def test_the_shell_byte_search_says_what_extract_says(pieces: list[str]) -> None:
    # Whatever a script is made of, skipping it unread says what reading it
    # would: never a script that holds a call (or any other note) taken for
    # one without.
    from ami_lint.frontend import NoFiles
    from ami_lint.frontends import SHELL
    from ami_lint.source import Source

    text = "#!/bin/bash\n" + "".join(pieces) + "\n"
    extraction = SHELL.extract(Source.from_text(text, "a.sh"), NoFiles(), False)
    skipped = SHELL.skip_unread(text.encode())
    if skipped is not None:
        assert extraction.skipped == skipped
        assert not list(extraction.requests) and not extraction.findings
