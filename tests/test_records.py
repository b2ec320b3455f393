"""ami_lint.records behaves as `dataclasses` does for what ami-lint uses of it.

Each case declares the same class twice, once with `dataclasses.dataclass` and
once with `record`, and checks that construction, defaults, equality, hashing,
`repr`, immutability, `replace`, `fields` and pickling agree."""

from __future__ import annotations

import dataclasses
import pickle
import subprocess
import sys

import pytest

from ami_lint import records
from ami_lint.records import FrozenInstanceError, field, record, replace


def _pair(**options: bool) -> tuple[type, type]:
    """The same class, made by dataclasses and by records (with `metaclass`,
    a records class statement of metaclass `records.Record`)."""
    options = dict(options)
    kinds = {"metaclass": records.Record} if options.pop("metaclass", False) else {}

    def declare(decorate, make_field, **kinds):  # type: ignore[no-untyped-def]
        @decorate(**options)
        class Base(**kinds):
            a: int
            b: str = "b"
            items: list[int] = make_field(default_factory=list)

        @decorate(**options)
        class Child(Base, **kinds):
            c: tuple[int, ...] = ()
            hidden: dict[str, int] = make_field(default_factory=dict, init=False, repr=False)

            def __post_init__(self) -> None:
                self.hidden["a"] = self.a

        return Child

    return declare(dataclasses.dataclass, dataclasses.field), declare(record, field, **kinds)


OPTIONS = [
    {},
    {"frozen": True},
    {"frozen": True, "slots": True},
    {"frozen": True, "eq": False, "slots": True},
    {"eq": False},
    {"slots": True},
    {"frozen": True, "slots": True, "metaclass": True},
    {"frozen": True, "eq": False, "slots": True, "metaclass": True},
    {"slots": True, "metaclass": True},
    {"metaclass": True},
    {"frozen": True, "metaclass": True},
    {"eq": False, "metaclass": True},
]


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(o) or "plain")
def test_behaves_as_dataclasses(options: dict[str, bool]) -> None:
    expected_cls, actual_cls = _pair(**options)
    calls = [((1,), {}), ((1, "x", [2], (3,)), {}), ((), {"a": 5, "c": (1, 2)}), ((2,), {"items": [1]})]
    for args, kwargs in calls:
        expected, actual = expected_cls(*args, **kwargs), actual_cls(*args, **kwargs)
        assert repr(actual).split("(", 1)[1] == repr(expected).split("(", 1)[1]
        assert (actual.a, actual.b, actual.items, actual.c, actual.hidden) == (
            expected.a,
            expected.b,
            expected.items,
            expected.c,
            expected.hidden,
        )
        again_expected, again_actual = expected_cls(*args, **kwargs), actual_cls(*args, **kwargs)
        assert (actual == again_actual) == (expected == again_expected)
        assert (actual != actual_cls(99)) == (expected != expected_cls(99))
        assert actual.__eq__(expected) is NotImplemented  # another class
        assert hasattr(actual, "__dict__") == hasattr(expected, "__dict__")
        assert (actual_cls.__hash__ is None) == (expected_cls.__hash__ is None)
        if actual_cls.__hash__ is not None and not options.get("eq", True):
            assert hash(actual) == object.__hash__(actual)  # identity, as with eq=False
        elif actual_cls.__hash__ is not None:
            assert _outcome(lambda: hash(actual)) == _outcome(lambda: hash(expected))  # noqa: B023
    fresh = actual_cls(1)
    assert fresh.items == [] and fresh.items is not actual_cls(1).items  # a new list per instance
    with pytest.raises(TypeError):
        actual_cls()  # `a` has no default
    with pytest.raises(TypeError):
        actual_cls(1, hidden={})  # not an __init__ parameter


@pytest.mark.parametrize("options", [o for o in OPTIONS if o.get("frozen")], ids=str)
def test_frozen_records_refuse_assignment(options: dict[str, bool]) -> None:
    _, cls = _pair(**options)
    instance = cls(1)
    with pytest.raises(FrozenInstanceError):
        instance.a = 2
    with pytest.raises(FrozenInstanceError):
        del instance.a
    assert isinstance(FrozenInstanceError(), AttributeError)


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(o) or "plain")
def test_replace_and_fields(options: dict[str, bool]) -> None:
    expected_cls, actual_cls = _pair(**options)
    actual = replace(actual_cls(1, "x", c=(4,)), b="y")
    expected = dataclasses.replace(expected_cls(1, "x", c=(4,)), b="y")
    assert (actual.a, actual.b, actual.c, actual.hidden) == (
        expected.a,
        expected.b,
        expected.c,
        expected.hidden,
    )
    assert records.fields(actual_cls) == tuple(f.name for f in dataclasses.fields(expected_cls))
    assert records.fields(actual) == records.fields(actual_cls)


def _outcome(compute):  # type: ignore[no-untyped-def]
    try:
        return ("value", compute())
    except TypeError:  # unhashable field
        return ("TypeError",)


def test_records_pickle() -> None:
    # The --jobs workers send reports (frozen, slotted records) through pickle.
    from ami_lint.diagnostics import Finding
    from ami_lint.nodes import Mapping
    from ami_lint.readers.json_reader import read_json
    from ami_lint.source import Source, Span

    source = Source('{"Name": "a"}', "x.json")
    finding = Finding("AMI001", source, Span(0, 1), "message", None)
    back = pickle.loads(pickle.dumps(finding))
    assert (back.rule, back.span, back.message, back.source.text) == (
        "AMI001",
        Span(0, 1),
        "message",
        source.text,
    )
    assert hash(back.span) == hash(finding.span)
    mapping = read_json(source).documents[0]
    assert isinstance(mapping, Mapping)
    copy = pickle.loads(pickle.dumps(mapping))
    assert copy.keys() == ["Name"] and copy.get("Name").value == "a"  # the index is rebuilt


def test_class_methods_are_kept() -> None:
    @record(frozen=True)
    class Named:
        name: str

        def __repr__(self) -> str:
            return f"<{self.name}>"

    assert repr(Named("x")) == "<x>"


def test_slotted_records_are_really_slotted() -> None:
    from ami_lint.nodes import Scalar
    from ami_lint.source import Source, Span

    scalar = Scalar(Source("x", "a"), Span(0, 1), "a")
    assert not hasattr(scalar, "__dict__")
    with pytest.raises(AttributeError):
        scalar.extra = 1  # type: ignore[attr-defined]


def test_start_up_imports_neither_dataclasses_nor_inspect(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # What the module is for: linting a script must not import them.
    script = tmp_path / "build.sh"
    script.write_text("aws ec2 register-image --name x --root-device-name /dev/xvda\n", "utf-8")
    probe = (
        "import sys; from ami_lint.cli import main\n"
        f"sys.argv = ['ami-lint', {str(script)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "avoided = ('dataclasses', 'inspect', 'shutil', 'importlib.resources')\n"
        "print(sorted(m for m in avoided if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_record_inits_are_in_sync_and_run_as_the_compiled_text() -> None:
    """ami_lint/data/record_inits.py (issue 20): each record's `__init__`
    compiled with the package, as the text `make_init` would compile."""
    from pathlib import Path

    from ami_lint.data import record_inits
    from scripts.update_docs import record_specs

    specs = record_specs()
    current = (Path(records.__file__).parent / "data" / "record_inits.py").read_text(encoding="utf-8")
    assert records.inits_module(specs) == current, "run python scripts/update_docs.py"
    assert len(specs) > 80

    class Bare:
        def __post_init__(self) -> None:
            self.post_init_ran = True

    def setter(name: str):  # type: ignore[no-untyped-def]
        # A slot's setter, for a plain object standing in for the record.
        return lambda obj, value: object.__setattr__(obj, name, value)

    for spec, post_init in specs:
        text = spec.init_text(post_init)  # type: ignore[attr-defined]
        given = dict(spec.scope)  # type: ignore[attr-defined]
        given.update({key: setter(key[5:]) for key in given if key.startswith("_set_")})
        made = record_inits.INITS[text](given)  # type: ignore[attr-defined]
        scope = dict(given)
        exec(text, scope)
        compiled = scope["__init__"]
        assert made.__defaults__ == compiled.__defaults__, text
        required = compiled.__code__.co_argcount - 1 - len(compiled.__defaults__ or ())
        args = [object() for _ in range(required)]
        one, two = Bare(), Bare()
        made(one, *args)
        compiled(two, *args)
        assert vars(one) == vars(two), text


def test_a_record_the_generated_inits_do_not_hold_is_compiled() -> None:
    from ami_lint.data.record_inits import INITS

    @record(frozen=True)
    class Unusual:
        zzz_first: int
        zzz_second: list[int] = field(default_factory=list)

    assert Unusual.__record__.init_text(False) not in INITS  # type: ignore[attr-defined]
    made = Unusual(1)
    assert (made.zzz_first, made.zzz_second, made) == (1, [], Unusual(1, []))


def test_the_init_text_is_worked_out_when_first_instantiated() -> None:
    """Making a record class builds no `__init__` text (start-up, issue 20);
    the first instance does, the same text as a class made afresh."""

    @record(frozen=True)
    class Base:
        a: int
        b: list[int] = field(default_factory=list)

    @record(frozen=True)
    class Child(Base):
        c: str = "x"
        d: int = field(default=3, repr=False)

    spec = Child.__record__  # type: ignore[attr-defined]
    assert spec._made is None and Base.__record__._made is None  # type: ignore[attr-defined]
    assert (spec.names, spec.init, spec.shown) == (
        ["a", "b", "c", "d"],
        ["a", "b", "c", "d"],
        ["a", "b", "c"],
    )
    child = Child(1, c="y")
    assert spec._made is not None
    assert spec.init_text(False) == (
        "def __init__(self, a, b=_MISSING, c=_default_c, d=_default_d):\n"
        "    _set(self, 'a', a)\n"
        "    _set(self, 'b', _factory_b() if b is _MISSING else b)\n"
        "    _set(self, 'c', c)\n"
        "    _set(self, 'd', d)"
    )
    assert sorted(spec.scope) == ["_MISSING", "_default_c", "_default_d", "_factory_b", "_set"]
    assert (child.a, child.b, child.c, child.d) == (1, [], "y", 3)
    assert repr(child).endswith(".<locals>.Child(a=1, b=[], c='y')")


def test_a_frozen_slotted_record_sets_its_slots_and_refuses_assignment() -> None:
    """Issue 20: a frozen slotted record's `__init__` sets each field through
    its slot's own setter (a third of `object.__setattr__`'s cost), also the
    fields a slotted base declared; assignment is refused as before."""

    @record(frozen=True, slots=True)
    class Base:
        a: int
        b: list[int] = field(default_factory=list)

    @record(frozen=True, slots=True)
    class Child(Base):
        c: str = "c"

    one = Child(1, [2], "x")
    assert (one.a, one.b, one.c) == (1, [2], "x")
    assert Child(1).b == [] and Child(1).c == "c"
    assert "_set_a(self, a)" in Child.__record__.init_text(False)  # type: ignore[attr-defined]
    with pytest.raises(records.FrozenInstanceError):
        one.a = 5  # type: ignore[misc]
    with pytest.raises(records.FrozenInstanceError):
        del one.c  # type: ignore[misc]
    assert one == Child(1, [2], "x")
    assert hash(Child(1, (), "x")) == hash(Child(1, (), "x"))  # type: ignore[arg-type]


def test_a_class_of_metaclass_record_is_made_once_as_record_makes_a_slotted_one() -> None:
    """Issue 20: `class X(metaclass=Record)` under `record(slots=True)` makes the
    class once, with the same slots, attributes, methods and MRO as the class
    `record` makes again from a plain class statement; the class's own methods
    (also with `super()`) stay, and it is a plain `type`."""

    def declare(**kinds):  # type: ignore[no-untyped-def]
        @record(frozen=True, slots=True)
        class Base(**kinds):
            """Documented."""

            a: int
            b: list[int] = field(default_factory=list)
            LIMIT = 3

            def size(self) -> int:
                return len(self.b) + self.LIMIT

        @record(frozen=True, slots=True)
        class Child(Base, **kinds):
            c: str = "c"

            def size(self) -> int:
                return super().size() + 1

            def __repr__(self) -> str:
                return f"Child<{self.a}>"

        return Base, Child

    plain, made = declare(), declare(metaclass=records.Record)
    for expected, actual in zip(plain, made, strict=True):
        assert type(actual) is type
        assert actual.__slots__ == expected.__slots__
        assert sorted(vars(actual)) == sorted(vars(expected))
        assert [k.__name__ for k in actual.__mro__] == [k.__name__ for k in expected.__mro__]
        assert actual.__doc__ == expected.__doc__ and actual.__name__ == expected.__name__
        # The class statement's own (a class rebuilt from a plain one loses it).
        assert actual.__qualname__ == f"{declare.__qualname__}.<locals>.{actual.__name__}"
        assert actual.__record__.init_text(False) == expected.__record__.init_text(False)
    child = made[1](1, [2])
    assert (child.a, child.b, child.c, child.size(), repr(child)) == (1, [2], "c", 5, "Child<1>")
    assert not hasattr(child, "__dict__")


def test_record_classes_of_ami_lint_are_made_once() -> None:
    """Every slotted record class of ami-lint is declared with metaclass
    `Record` (made once, issue 20): its class statement names it. (Others may
    be: `record` sets the methods of one that is not.)"""
    import ast

    from tests.conftest import ROOT

    for path in sorted((ROOT / "ami_lint").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            for decorator in node.decorator_list:
                slotted = isinstance(decorator, ast.Call) and any(
                    k.arg == "slots" and isinstance(k.value, ast.Constant) and k.value.value is True
                    for k in decorator.keywords
                )
                if slotted:
                    assert any(k.arg == "metaclass" for k in node.keywords), f"{path}: {node.name}"


def test_a_plain_record_of_metaclass_record_has_the_class_record_sets_up() -> None:
    """Issue 20: a record without slots made by metaclass `Record` has the
    attributes, plain defaults as class attributes, methods and qualified
    name of the class `record` sets its methods on."""

    def declare(**kinds):  # type: ignore[no-untyped-def]
        @record(frozen=True)
        class Plain(**kinds):
            a: int
            b: str = "b"
            c: list[int] = field(default_factory=list)
            d: int = field(default=4, repr=False)

            def __repr__(self) -> str:
                return f"Plain<{self.a}>"

        return Plain

    expected, actual = declare(), declare(metaclass=records.Record)
    assert type(actual) is type
    assert sorted(vars(actual)) == sorted(vars(expected))
    for key in ("b", "d", "__eq__", "__hash__", "__setattr__", "__reduce__"):
        assert getattr(actual, key) == getattr(expected, key), key
    assert actual.__repr__.__qualname__ == expected.__repr__.__qualname__  # the class's own
    assert not hasattr(actual, "c") and not hasattr(expected, "c")
    assert actual.__qualname__ == expected.__qualname__
    one = actual(1)
    assert (one.a, one.b, one.c, one.d, repr(one)) == (1, "b", [], 4, "Plain<1>")
    with pytest.raises(FrozenInstanceError):
        one.a = 2
