"""Record classes: the part of `dataclasses` ami-lint uses, made at import cost.

`dataclasses` is most of ami-lint's start-up: importing it pulls in `inspect`
(and `ast`, `dis`, `tokenize`), and each class costs about a millisecond,
because it computes a signature for the docstring, compiles half a dozen
methods one by one and builds every slotted class twice. Forty records made a
one-file run a third slower. Here one small `__init__` is made per class,
when the class is first instantiated: from `ami_lint/data/record_inits.py`,
where every record's `__init__` is compiled with the package, else compiled
from its text then;
equality, hashing, `repr` and pickling are shared functions over one
`operator.attrgetter` of the fields.

Supported, with the meaning `dataclasses` gives them: `frozen`, `eq`, `slots`,
defaults, `field(default_factory=..., init=..., repr=...)`, inherited fields,
`__post_init__`, `replace` and `fields`. Type checkers see `record` as a
dataclass decorator (PEP 681).
"""

from __future__ import annotations

from operator import attrgetter

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from typing import Any, TypeVar

    from typing_extensions import dataclass_transform  # typing's own from Python 3.11

    T = TypeVar("T")
else:

    def dataclass_transform(**_: object) -> Callable[[Any], Any]:
        return lambda decorator: decorator


_MISSING: Any = object()


class FrozenInstanceError(AttributeError):
    """Assignment to a field of a frozen record."""


class _Field:
    __slots__ = ("default", "factory", "init", "repr")

    def __init__(self, default: Any, factory: Any, init: bool, repr: bool) -> None:
        self.default = default
        self.factory = factory
        self.init = init
        self.repr = repr


def field(
    *, default: Any = _MISSING, default_factory: Any = _MISSING, init: bool = True, repr: bool = True
) -> Any:
    """A field with a per-instance default (`default_factory`), or one left out
    of `__init__` or `repr`."""
    return _Field(default, default_factory, init, repr)


class _Spec:
    """What `record` learnt about a class, kept for its subclasses: its fields
    in order, those `__init__` takes and `repr` shows, and what each was
    declared with. The `__init__` parameters and statements they make, and
    the names that text uses (`scope`), are worked out when the class is
    first instantiated (`init_text`): a run instantiates fewer than half of
    the records it makes (start-up, issue 20)."""

    __slots__ = ("_made", "declared", "init", "names", "shown", "values")

    def __init__(self) -> None:
        self.names: list[str] = []
        self.init: list[str] = []
        self.shown: list[str] = []
        # Each field as declared: its name, its default (or a `field()`), and
        # how `__init__` sets it: "" plainly, "frozen" through
        # `object.__setattr__`, "slot" through its slot's own setter (a
        # frozen field of a slotted class: a third of `object.__setattr__`'s
        # cost, and the readers make a node for every key and value).
        self.declared: list[tuple[str, Any, str]] = []
        self.values: Callable[[Any], tuple[Any, ...]] = _NO_VALUES
        self._made: tuple[list[str], list[str], dict[str, Any]] | None = None

    def extended(self) -> _Spec:
        spec = _Spec()
        spec.names = self.names.copy()
        spec.init = self.init.copy()
        spec.shown = self.shown.copy()
        spec.declared = self.declared.copy()
        return spec

    def _parts(self) -> tuple[list[str], list[str], dict[str, Any]]:
        """The `__init__` parameters, its statements and the names they use."""
        if self._made is not None:
            return self._made
        params: list[str] = []
        body: list[str] = []
        scope: dict[str, Any] = {"_set": object.__setattr__, "_MISSING": _MISSING}
        for name, value, setting in self.declared:
            if setting == "slot":
                scope[f"_set_{name}"] = None  # the slot's setter, bound by `make_init`
            if type(value) is _Field:
                default, factory, init = value.default, value.factory, value.init
            else:
                default, factory, init = value, _MISSING, True
            if factory is not _MISSING:
                scope[f"_factory_{name}"] = factory
                if init:
                    params.append(f"{name}=_MISSING")
                    assigned = f"_factory_{name}() if {name} is _MISSING else {name}"
                else:
                    assigned = f"_factory_{name}()"
            elif init:
                if default is _MISSING:
                    params.append(name)
                else:
                    scope[f"_default_{name}"] = default
                    params.append(f"{name}=_default_{name}")
                assigned = name
            else:
                continue
            body.append(_assign(name, assigned, setting))
        self._made = (params, body, scope)
        return self._made

    @property
    def params(self) -> list[str]:
        return self._parts()[0]

    @property
    def body(self) -> list[str]:
        return self._parts()[1]

    @property
    def scope(self) -> dict[str, Any]:
        return self._parts()[2]

    def init_text(self, post_init: bool) -> str:
        params, body, _ = self._parts()
        body = [*body, "self.__post_init__()"] if post_init else body or ["pass"]
        return f"def __init__(self, {', '.join(params)}):\n    " + "\n    ".join(body)

    def make_init(self, post_init: bool, cls: type[Any]) -> Callable[..., None]:
        text = self.init_text(post_init)
        scope = dict(self.scope)
        for name, _, setting in self.declared:
            if setting == "slot":
                scope[f"_set_{name}"] = _slot(cls, name).__set__
        made = _compiled(text)
        if made is not None:
            return made(scope)  # type: ignore[no-any-return]
        exec(text, scope)
        return scope["__init__"]  # type: ignore[no-any-return]


def _slot(cls: type[Any], name: str) -> Any:
    """The slot of field `name` in `cls` or the base that declared it."""
    for klass in cls.__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name]
    raise AttributeError(name)


def _compiled(text: str) -> Callable[[dict[str, Any]], Any] | None:
    """The function that makes the `__init__` whose source is `text`, from
    `ami_lint/data/record_inits.py` (compiled with the package): compiling
    each record's `__init__` when first needed was about a tenth of a
    typical run (issue 20). A text it does not hold is compiled here."""
    try:
        from ami_lint.data.record_inits import INITS
    except ImportError:
        return None
    return INITS.get(text)  # type: ignore[no-any-return]


def inits_module(records: Iterable[tuple[_Spec, bool]]) -> str:
    """The text of `ami_lint/data/record_inits.py` for the records given as
    (their `__record__`, whether they have `__post_init__`): for each
    `__init__` source, a function that binds the names it uses from the
    record's scope and defines it, so that it runs as the compiled text does."""
    import re

    texts: dict[str, list[str]] = {}
    for spec, post_init in records:
        text = spec.init_text(post_init)
        texts[text] = sorted(name for name in spec.scope if re.search(rf"\b{name}\b", text))
    out = [
        '"""The `__init__` of each record class of ami-lint, compiled with the package\n'
        "(ami_lint.records.make_init): generated by `python scripts/update_docs.py`;\n"
        'do not edit."""\n'
        "# mypy: ignore-errors\n"
    ]
    entries = []
    for number, text in enumerate(sorted(texts)):
        out.append(f"\n\ndef _{number}(scope):\n")
        out.extend(f"    {name} = scope[{name!r}]\n" for name in texts[text])
        out.append("".join(f"    {line}\n" for line in text.split("\n")))
        out.append("    return __init__\n")
        entries.append(f"    {text!r}: _{number},\n")
    out.append("\n\nINITS = {\n" + "".join(entries) + "}\n")
    return "".join(out)


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    if not names:
        return _NO_VALUES
    return attrgetter(*names)  # type: ignore[return-value]


def _no_values(obj: Any) -> tuple[Any, ...]:
    return ()


_NO_VALUES = _no_values


@dataclass_transform(field_specifiers=(field,))
def record(
    cls: type[T] | None = None, /, *, frozen: bool = False, eq: bool = True, slots: bool = False
) -> Any:
    """Class decorator: `__init__` from the annotated fields, and `__eq__` and
    `__hash__` (unless `eq=False`), `__repr__`, `__reduce__`."""

    def wrap(cls: type[T]) -> type[T]:
        return _make(cls, frozen, eq, slots)

    return wrap if cls is None else wrap(cls)


def _own_fields(annotations: dict[str, Any]) -> list[str]:
    # Not inspect.get_annotations: importing inspect is what this module avoids.
    return [
        name
        for name, annotation in annotations.items()
        if not str(annotation).startswith(("ClassVar", "typing.ClassVar"))
    ]


class Record(type):
    """The metaclass of a record's class statement (`@record(...)` above
    `class Name(metaclass=Record)`): the class is made once, by `record`,
    with its methods (and slots) in its namespace. Without it, `record`
    sets each method on the class the statement made (a type's attribute
    set is a walk of its slots: 8 of them cost as much as making the class)
    or, for `slots=True`, makes the class again (as `dataclasses` does); 60
    classes so made were about 1.5% of a typical run (start-up, issue 20).

    The class statement makes no class: it gives `record` what it holds (a
    `_Body`), and `record` makes a plain `type` of it. A class of this
    metaclass is to be decorated by `record` only."""

    def __new__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> Any:
        return _Body(name, bases, namespace)


class _Body:
    """What a class statement of metaclass `Record` holds, for `record`."""

    __slots__ = ("bases", "name", "namespace")

    def __init__(self, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> None:
        self.name = name
        self.bases = bases
        self.namespace = namespace


def _make(cls: type[T] | _Body, frozen: bool, eq: bool, slots: bool) -> type[T]:
    body: Mapping[str, Any]
    if isinstance(cls, _Body):
        name, bases, body = cls.name, cls.bases, cls.namespace
        mro = tuple(klass for base in bases for klass in base.__mro__)
    else:
        name, bases, body = cls.__name__, cls.__bases__, cls.__dict__
        mro = cls.__mro__[1:]
    parent = None
    for base in mro:
        parent = base.__dict__.get("__record__")
        if parent is not None:
            break
    spec = parent.extended() if parent is not None else _Spec()
    own = _own_fields(body.get("__annotations__", {}))
    setting = ("slot" if slots else "frozen") if frozen else ""
    # Each field in the lists of its spec (a loop here: a call per field cost a tenth of `record`).
    names, declared, init, shown = spec.names, spec.declared, spec.init, spec.shown
    for field_name in own:
        value = body.get(field_name, _MISSING)
        names.append(field_name)
        declared.append((field_name, value, setting))
        if type(value) is not _Field:
            init.append(field_name)
            shown.append(field_name)
            continue
        if value.repr:
            shown.append(field_name)
        if value.init:
            init.append(field_name)
    spec.values = _getter(tuple(spec.names))
    owner: list[type[Any]] = []
    if isinstance(cls, _Body):
        post_init = "__post_init__" in body or any(hasattr(base, "__post_init__") for base in bases)
    else:
        post_init = hasattr(cls, "__post_init__")
    methods: dict[str, Any] = {
        "__record__": spec,
        "__init__": _first_init(spec, post_init, owner),
        "__repr__": _repr,
        "__reduce__": _reduce,
    }
    if eq:
        methods["__eq__"] = _eq
        methods["__hash__"] = _hash if frozen else None
    if frozen:
        methods["__setattr__"] = _refuse_set
        methods["__delattr__"] = _refuse_delete
    # What the class writes itself stays, as with dataclasses.
    for key in methods.keys() & body.keys():
        if key != "__record__":
            del methods[key]
    if slots:
        # A class statement's own namespace (`_Body`) is this call's to change.
        namespace = body if isinstance(body, dict) else dict(body)
        for key in own:
            namespace.pop(key, None)
        namespace.pop("__dict__", None)
        namespace.pop("__weakref__", None)
        namespace.update(methods, __slots__=tuple(own))
        made: type[T] = type(name, bases, namespace)
        owner.append(made)
        return made
    if isinstance(body, dict):  # a class statement of metaclass `Record`
        for field_name in own:
            value = body.get(field_name, _MISSING)
            if type(value) is _Field:
                # Class attributes hold plain defaults only, as with dataclasses.
                if value.default is _MISSING:
                    del body[field_name]
                else:
                    body[field_name] = value.default
        body.update(methods)
        made = type(name, bases, body)
        owner.append(made)
        return made
    assert not isinstance(cls, _Body)
    for field_name in own:
        value = body.get(field_name, _MISSING)
        if type(value) is _Field:
            # Class attributes hold plain defaults only, as with dataclasses.
            if value.default is _MISSING:
                delattr(cls, field_name)
            else:
                setattr(cls, field_name, value.default)
    for key, value in methods.items():
        setattr(cls, key, value)
    owner.append(cls)
    return cls


def _first_init(spec: _Spec, post_init: bool, owner: list[type[Any]]) -> Callable[..., None]:
    """An `__init__` that compiles the real one when the class is first
    instantiated, puts it in its place and runs it. Compiling is most of
    what making a record class costs, and a run instantiates fewer than half
    of them (configuration, baseline and SARIF records in a run that uses
    none of them)."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init = spec.make_init(post_init, type(self))
        if owner and owner[0].__dict__.get("__init__") is __init__:
            owner[0].__init__ = init  # type: ignore[misc]
        init(self, *args, **kwargs)

    return __init__


def _assign(name: str, value: str, setting: str) -> str:
    if setting == "slot":
        return f"_set_{name}(self, {value})"
    return f"_set(self, {name!r}, {value})" if setting else f"self.{name} = {value}"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    values = self.__record__.values
    return values(self) == values(other)


def _hash(self: Any) -> int:
    return hash(self.__record__.values(self))


def _repr(self: Any) -> str:
    spec = self.__record__
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in spec.shown)
    return f"{type(self).__qualname__}({shown})"


def _reduce(self: Any) -> tuple[Any, tuple[Any, ...]]:
    # Rebuilt through `__init__`, so frozen and slotted records pickle (for the
    # `--jobs` workers) and fields left out of `__init__` are computed again.
    spec = self.__record__
    if len(spec.init) == len(spec.names):  # all of them, in order: one call in C (a fix's edits, issue 20)
        return type(self), spec.values(self)
    return type(self), tuple(getattr(self, name) for name in spec.init)


def _refuse_set(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_delete(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def replace(obj: T, /, **changes: Any) -> T:
    """A copy of the record `obj` with some fields changed."""
    for name in obj.__record__.init:  # type: ignore[attr-defined]
        if name not in changes:
            changes[name] = getattr(obj, name)
    return type(obj)(**changes)


def fields(obj: Any) -> tuple[str, ...]:
    """The names of the fields of a record class or instance, in order."""
    return tuple(obj.__record__.names)
