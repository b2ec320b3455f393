"""A request sent by a tool that fills in what the input leaves out
(`ami_lint.model.Sender`: Terraform's provider, Packer): its defaults replace
the API's in the rules that read them; and a request whose findings name
members in a vocabulary of its own (`Found.vocabulary`)."""

from __future__ import annotations

import pytest

import ami_lint.frontends as frontends
from ami_lint.engine import Linter, Options
from ami_lint.frontend import Extraction, FrontEnd, Resolver
from ami_lint.frontends.documents import JSON
from ami_lint.model import Sender
from ami_lint.records import replace
from ami_lint.selection import Selection
from ami_lint.source import Source
from tests.conftest import located
from tests.test_vocabulary import TERRAFORM

PROVIDER = Sender(
    "the provider",
    (("Architecture", "x86_64"), ("VirtualizationType", "paravirtual")),
    volume_type="standard",
)


class SentJSON(FrontEnd):
    """JSON skeletons as if a tool sent them, in a Terraform-like vocabulary."""

    name = "sent"
    suffixes = (".sent",)

    def __init__(self, sender: Sender | None, own_vocabulary: bool = True) -> None:
        self.sender = sender
        self.own_vocabulary = own_vocabulary

    def extract(self, source: Source, resolver: Resolver, lenient: bool = False) -> Extraction:
        extraction = JSON.extract(source, resolver, lenient)
        found = list(extraction.requests)
        for f in found:
            f.request = replace(f.request, sender=self.sender)
            if self.own_vocabulary:
                f.vocabulary = TERRAFORM
        extraction.requests = found
        return extraction


def _lint(text: str, sender: Sender | None, monkeypatch: pytest.MonkeyPatch, own: bool = True):
    monkeypatch.setitem(frontends.BY_NAME, "sent", SentJSON(sender, own))
    linter = Linter(Options(selection=Selection(select=("ALL",))))
    diagnostics, _ = linter.lint_text(text, "case.sent", "sent")
    return sorted(diagnostics, key=lambda d: (d.start.line, d.start.column, d.rule))


BARE = (
    '{"Name": "web", "RootDeviceName": "/dev/xvda",\n'
    ' "BlockDeviceMappings": [{"DeviceName": "/dev/xvda",\n'
    '   "Ebs": {"SnapshotId": "snap-0db2cf683925d191f", "Iops": 3000}}]}\n'
)


def test_without_a_sender_the_api_defaults_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    found = _lint(BARE, None, monkeypatch, own=False)
    assert [d.rule for d in found] == ["AMI305", "AMI306"]
    assert found[1].message == "No `VirtualizationType`: it defaults to `paravirtual`"


def test_the_senders_defaults_replace_the_apis(monkeypatch: pytest.MonkeyPatch) -> None:
    found = _lint(BARE, PROVIDER, monkeypatch)
    # No AMI305: the provider sends `x86_64`. AMI306 says who sends what.
    # AMI209: a volume without a type is the provider's `standard`, which takes no IOPS.
    assert [located(d) for d in found] == ["1:1-3:68 AMI306", "3:52-3:58 AMI209"]
    assert found[0].message == "`virtualization_type` is not set: the provider sends `paravirtual`"
    assert found[1].message == "`iops` is not supported for `volume_type` `standard`"


def test_a_sent_paravirtual_is_sure(monkeypatch: pytest.MonkeyPatch) -> None:
    # The API's default with ENA is only a warning (EC2 may take `hvm`); the
    # provider always sends `paravirtual`, which cannot take ENA.
    text = BARE.replace('"Name": "web"', '"Name": "web", "EnaSupport": true').replace(', "Iops": 3000', "")
    assert [d.rule for d in _lint(text, None, monkeypatch, own=False)] == ["AMI305", "AMI306"]
    found = _lint(text, PROVIDER, monkeypatch)
    assert [d.rule for d in found] == ["AMI306", "AMI308"]
    assert found[1].message == (
        "`ena_support` is `True` but the provider sends `virtualization_type` `paravirtual`: "
        "ENA is supported only for HVM images"
    )


def test_a_sender_that_sends_hvm_gets_no_ami306(monkeypatch: pytest.MonkeyPatch) -> None:
    chroot = Sender("Packer", (("VirtualizationType", "hvm"),))
    text = BARE.replace(', "Iops": 3000', "")
    assert [d.rule for d in _lint(text, chroot, monkeypatch)] == ["AMI305", "AMI311"]


def test_a_written_value_beats_the_senders(monkeypatch: pytest.MonkeyPatch) -> None:
    text = BARE.replace('"Name": "web"', '"Name": "web", "VirtualizationType": "hvm"')
    text = text.replace('"Iops": 3000', '"VolumeType": "gp3", "Iops": 3000')
    assert [d.rule for d in _lint(text, PROVIDER, monkeypatch)] == ["AMI311"]
    text = text.replace('"VirtualizationType": "hvm"', '"VirtualizationType": "hvm", "EnaSupport": true')
    assert _lint(text, PROVIDER, monkeypatch) == []


def test_a_sent_hvm_is_sure(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without ENA on an `hvm` image the tool sends: AMI311, with no option in its hint.
    chroot = Sender("Packer", (("VirtualizationType", "hvm"),))
    text = BARE.replace('"Name": "web"', '"Name": "web", "Architecture": "arm64", "BootMode": "uefi"')
    found = _lint(text.replace(', "Iops": 3000', ""), chroot, monkeypatch)
    assert [d.rule for d in found] == ["AMI311"]
    assert found[0].hint == "Set `ena_support` to `True` once the image has the ENA driver"
