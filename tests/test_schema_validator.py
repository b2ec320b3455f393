"""ami-lint's own schema validator against jsonschema, error for error.

`ami_lint.schema.SchemaValidator` applies the RegisterImage schema without
importing jsonschema (its import alone took longer than linting a script).
Here jsonschema's Draft 2020-12 validator, extended exactly as ami-lint
used to extend it, is the oracle: for generated requests both must yield
the same errors in the same order, with the same keyword, keyword value,
schema object, instance, path and message.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from typing import Any

import jsonschema
import jsonschema.validators
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ami_lint.schema import _compile, load_schema, load_validator, rule_for


def _oracle() -> Any:
    def is_integer(checker: object, instance: object) -> bool:
        return isinstance(instance, int) and not isinstance(instance, bool)

    def pattern(validator: Any, value: str, instance: Any, schema: Any) -> Iterator[Any]:
        if validator.is_type(instance, "string") and not _compile(value).search(instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {value!r}")

    base = jsonschema.Draft202012Validator
    cls = jsonschema.validators.extend(
        base,
        validators={"pattern": pattern},
        type_checker=base.TYPE_CHECKER.redefine("integer", is_integer),
    )
    return cls(load_validator().schema)


ORACLE = _oracle()


def _errors(validator: Any, instance: Any) -> list[tuple[Any, ...]]:
    return [
        (
            e.validator,
            repr(e.validator_value),
            id(e.schema),
            repr(e.instance),
            list(e.absolute_path),
            e.message,
            rule_for(e),
        )
        for e in validator.iter_errors(instance)
    ]


def _same(instance: Any) -> None:
    assert _errors(load_validator(), instance) == _errors(ORACLE, instance)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 70000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "x", "true", "8", "aws:x", "gp3", "image", "HVM", "snap-1a2b3c4d", "a!"]),
    st.text(string.printable + "é\u0661", max_size=12),
)


def _words(node: dict[str, Any]) -> st.SearchStrategy[str]:
    """Strings a value of this schema might plausibly hold, right or wrong."""
    choices: list[str] = []
    for part in [node, *node.get("allOf", [])]:
        choices += [str(v) for v in part.get("enum", [])]
        if "const" in part:
            choices.append(str(part["const"]))
        if "pattern" in part:
            choices += ["snap-0db2cf683925d191f", "aki-1a2b3c4d", "ari-1a2b3c4d\n", "my image", "ok-name"]
        if "not" in part:
            choices += ["aws:cloudformation", "team:aws", "AWS:x"]
        for bound in ("minLength", "maxLength"):
            if bound in part:
                n = part[bound]
                choices += ["a" * (n - 1), "a" * n, "a" * (n + 1)]
    strategies: list[st.SearchStrategy[str]] = [st.text(max_size=6)]
    if choices:
        strategies.append(st.sampled_from(choices))
    return st.one_of(*strategies)


def _values(node: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    kind = node.get("type")
    right: st.SearchStrategy[Any]
    if kind == "object":
        props = node.get("properties", {})
        known = st.dictionaries(st.sampled_from(sorted(props)), st.just(None), max_size=len(props))
        extra = st.dictionaries(st.sampled_from(["Nmae", "Size", "x", "ebs"]), SCALARS, max_size=2)

        @st.composite
        def objects(draw: Any) -> dict[str, Any]:
            keys = list(draw(known))
            out = {k: draw(_values(props[k], depth + 1)) for k in keys}
            out.update(draw(extra))
            return out

        right = objects()
    elif kind == "array":
        right = st.lists(_values(node["items"], depth + 1), max_size=3)
    elif kind == "string":
        right = _words(node)
    elif kind == "integer":
        right = st.integers(-10, 300000)
    elif kind == "boolean":
        right = st.booleans()
    else:
        right = SCALARS
    return st.one_of(right, right, right, SCALARS)


REQUESTS = _values(load_schema())


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(REQUESTS)
def test_same_errors_as_jsonschema(instance: Any) -> None:
    _same(instance)


@pytest.mark.parametrize(
    "instance",
    [
        {},
        {"Name": "abc"},
        {"Name": "a!"},
        {"Name": True, "DryRun": 1, "Nmae": "x", "Size": 1},
        {"Name": "abc", "VirtualizationType": 5},
        {"Name": "abc", "TagSpecifications": [{"ResourceType": "imagee", "Tags": [{"Key": "aws:x"}]}]},
        {"Name": "abc", "BlockDeviceMappings": [{"Ebs": {"VolumeSize": 8.0, "Iops": True, "Size": 1}}]},
        {"Name": "abc", "BlockDeviceMappings": {"DeviceName": "/dev/sda1"}},
        {"Name": "abc", "TagSpecifications": [{"ResourceType": ["image"], "Tags": "x"}]},
        [],
        None,
        "Name",
    ],
)
def test_same_errors_on_hand_picked_requests(instance: Any) -> None:
    _same(instance)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(REQUESTS)
def test_the_test_of_validity_agrees_with_the_errors(instance: Any) -> None:
    """`_validity`, which `_descend` asks first, is True exactly when jsonschema finds no error."""
    from ami_lint.schema import _validity

    assert _validity(load_schema(), {})(instance) == (not _errors(ORACLE, instance))


def test_a_valid_request_builds_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A valid value is not checked keyword by keyword: no error object is made,
    and no keyword's check is called (only the validity tests)."""
    import ami_lint.schema as schema

    called: list[str] = []
    for keyword, check in list(schema._KEYWORDS.items()):

        def counting(*args: Any, keyword: str = keyword, check: Any = check) -> None:
            called.append(keyword)
            check(*args)

        monkeypatch.setitem(schema._KEYWORDS, keyword, counting)
    validator = schema.SchemaValidator(load_schema())
    request = {
        "Name": "web-2024",
        "Architecture": "arm64",
        "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0"}}],
        "TagSpecifications": [{"ResourceType": "image", "Tags": [{"Key": "team", "Value": "a"}]}],
    }
    assert list(validator.iter_errors(request)) == []
    assert called == []
    # An invalid value deep inside: only the containers on its path and the value are checked.
    request["BlockDeviceMappings"][0]["Ebs"]["VolumeType"] = "gp9"  # type: ignore[index]
    assert [e.validator for e in validator.iter_errors(request)] == ["enum"]
    assert "enum" in called and called.count("properties") == 3


def test_schema_uses_only_implemented_keywords() -> None:
    from ami_lint.schema import _KEYWORDS

    annotations = {"description", "x-rule", "$comment", "$schema", "title"}

    def keys(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                yield key
                children = value.values() if key == "properties" else [value]
                for child in children:
                    yield from keys(child)
        elif isinstance(node, list):
            for item in node:
                yield from keys(item)

    used = set(keys(load_schema()))
    assert used <= set(_KEYWORDS) | annotations, used - set(_KEYWORDS) - annotations


def test_linting_does_not_import_jsonschema() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from ami_lint.engine import Linter\n"
        'Linter().lint_text(\'{"Name": "x!", "Architecture": "amd64"}\', \'r.json\', \'json\')\n'
        "print('jsonschema' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_patterns_are_compiled_when_a_string_meets_them() -> None:
    """Building the tests of validity compiles no pattern (start-up, issue
    20): a value compiles the ones it is tested against, with the answer the
    compiled pattern gives."""
    from ami_lint import schema as schema_module

    _compile.cache_clear()
    validity = schema_module._validity(load_schema(), {})
    assert _compile.cache_info().currsize == 0
    assert validity({"Name": "web", "KernelId": "aki-12345678"})
    assert not validity({"Name": "web", "KernelId": "aki-1234567"})
    assert _compile.cache_info().currsize >= 1
    assert not validity({"Name": "web\n", "KernelId": "aki-12345678"})


def _tree(value: Any, draw: Any) -> Any:
    """`value` as a node tree: some values unknown (`$VAR`), some keys given
    twice (an earlier entry with another value, which the last replaces)."""
    from ami_lint.nodes import Entry, Mapping, Scalar, Sequence, Unknown
    from ami_lint.source import Source, Span

    source, span = Source.from_text("", "tree"), Span(0, 0)
    if draw(st.integers(0, 9)) == 0:
        return Unknown(source, span, "$VAR")
    if isinstance(value, dict):
        entries = []
        for key, item in value.items():
            if draw(st.integers(0, 5)) == 0:
                entries.append(Entry(Scalar(source, span, key), _tree(draw(SCALARS), draw)))
            entries.append(Entry(Scalar(source, span, key), _tree(item, draw)))
        return Mapping(source, span, tuple(entries))
    if isinstance(value, list):
        return Sequence(source, span, tuple(_tree(item, draw) for item in value))
    return Scalar(source, span, value)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(REQUESTS, st.data())
def test_the_test_on_nodes_agrees_with_the_test_on_plain_data(instance: Any, data: Any) -> None:
    """`is_valid_node`, which `check_schema` asks first, is `is_valid` of the plain data."""
    from ami_lint.nodes import to_python

    node = _tree(instance, data.draw)
    validator = load_validator()
    assert validator.is_valid_node(node) == validator.is_valid(to_python(node))


def _error_facts(errors: Any) -> list[tuple[Any, ...]]:
    return [
        (
            e.validator,
            repr(e.validator_value),
            id(e.schema),
            repr(e.instance),
            list(e.absolute_path),
            e.message,
        )
        for e in errors
    ]


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(REQUESTS, st.data())
def test_the_errors_on_nodes_are_those_of_the_plain_data(instance: Any, data: Any) -> None:
    """`node_errors`, which `check_schema` asks for a request that fails,
    finds the errors `iter_errors` finds in the plain data, in order, with
    the same keyword, schema object, instance, path and message."""
    from ami_lint.nodes import to_python

    node = _tree(instance, data.draw)
    validator = load_validator()
    expected = _error_facts(validator.iter_errors(to_python(node)))
    assert _error_facts(validator.node_errors(node)) == expected
    if expected:
        assert _error_facts(validator.node_errors(node, invalid=True)) == expected
