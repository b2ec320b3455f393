"""Issue 20, items 4 and 5: the shell front end's shortcuts give what the
plain ways give.

Each shortcut is run beside a plain version of the same question, written
here as the code was before (node types as strings, `node.children`,
`field_name_for_child`, a walk of every node, every statement of a block
read), over the shell scripts of the corpus and over generated scripts of
assignments, blocks, functions, captures and calls.
"""

from __future__ import annotations

import gc
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ami_lint.shell import captured
from ami_lint.shell import variables as variables_module
from ami_lint.shell.calls import _with_values, parse_script
from ami_lint.shell.captured import FEW_NAMES, parsed_variables
from ami_lint.shell.commands import Trimmed, Words, logical_commands, only_continuations
from ami_lint.shell.variables import Ancestry, Variables, _Effects, _walk_with_parents
from ami_lint.shell.walk import kinds, preorder, preorder_with_path
from ami_lint.shell.words import ShellWord, WordDecoder, packed_plain, unpacked_plain
from ami_lint.source import Source, Span

ROOT = Path(__file__).parent.parent
SCRIPTS = sorted(p for folder in ("tests/corpus", "examples") for p in (ROOT / folder).rglob("*.sh"))

STATEMENTS = [
    "V=ami-{n}",
    'V+="-x{n}"',
    "A=(--name n{n} --architecture x86_64)",
    "A+=(--ena-support)",
    'IMG_{n}=$(aws ec2 register-image --name "$V" --architecture arm64 --query ImageId --output text)',
    'RESP=$(aws ec2 register-image --name "n{n}" "${{A[@]}}")',
    'echo "$RESP" | jq -r .ImageId',
    'jq -r .ImageId <<< "$IMG_{n}"',
    'aws ec2 register-image --name "$V" $OPTS',
    'aws ec2 register-image --name "${{V}}-{n}" --root-device-name /dev/xvda',
    "read -r V",
    "export V=pinned{n}",
    "local W=$V",
    "declare -a B=(x y)",
    "unset V",
    'eval "$X"',
    'f{n}() {{ V=changed; aws ec2 register-image --name "$V"; }}',
    "f{n}",
    "IFS=, read -r a b",
    "trap 'V=x' DEBUG",
    ": ${{V:=default}}",
    # Words of a command that hold code or assign among words that do not
    # (`Variables._effects` visits only the former).
    'echo a "$(read -r W{n}; echo)" b `read X{n}` c <(read -r Y) d ${{Z{n}:=z}} e $((K{n}=1)) f',
    'P{n}=1 echo x y "$(for L in 1; do :; done)" z w=1 `unset V`',
    "# a comment {n}",
    'cat > req.json <<EOF\n{{"Name": "$V"}}\nEOF',
]
BLOCKS = [
    "if [ -f x ]; then\n{body}\nfi",
    "if true; then\n{body}\nelse\n{body}\nfi",
    "{{\n{body}\n}}",
    "for i in 1 2; do\n{body}\ndone",
    "(\n{body}\n)",
    "g() {{\n{body}\n}}",
    "x && {{ {body}; }}",
]


@st.composite
def scripts(draw: st.DrawFn, depth: int = 2) -> str:
    lines = []
    for n in range(draw(st.integers(1, 8))):
        if depth and draw(st.integers(0, 4)) == 0:
            body = draw(scripts(depth - 1))
            lines.append(draw(st.sampled_from(BLOCKS)).format(body=body))
        else:
            lines.append(draw(st.sampled_from(STATEMENTS)).format(n=n))
    return "\n".join(lines)


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8", errors="replace") for p in SCRIPTS]


def _parsed(text: str) -> tuple[Source, object, WordDecoder]:
    source = Source.from_text(text, "t.sh")
    script = parse_script(source)
    return source, script.tree.root_node, WordDecoder(source, script.offsets)  # type: ignore[attr-defined]


def _check_all(text: str) -> None:
    _, root, decoder = _parsed(text)
    _check_kinds(root)
    _check_logical_commands(root, decoder)
    _check_variables(root, decoder)
    _check_captured(root, decoder)


def test_the_corpus_scripts() -> None:
    texts = _texts()
    assert len(texts) >= 10
    for text in texts:
        _check_all(text)


@settings(max_examples=150, deadline=None)
@given(scripts())
def test_generated_scripts(text: str) -> None:
    _check_all("#!/bin/bash\n" + text + "\n")


# --- node kinds ----------------------------------------------------------


NAMES = ("command", "word", "variable_name", "function_definition", "ERROR", "string", "subscript")


def _check_kinds(root: object) -> None:
    sets = {name: kinds(name) for name in NAMES}
    for node, _ in preorder(root):
        for name, ids in sets.items():
            assert (node.kind_id in ids) == (node.type == name)  # type: ignore[attr-defined]


def test_an_error_node_is_of_the_error_kind() -> None:
    _, root, _ = _parsed('echo "$(foo\n')
    assert any(node.kind_id in kinds("ERROR") for node, _ in preorder(root))  # type: ignore[attr-defined]


# --- logical_commands ----------------------------------------------------


def _plain_logical_commands(node: object, decoder: WordDecoder) -> list[tuple[Span, list[list[object]]]]:
    """`commands.logical_commands` as it was written with `node.children`."""
    text = decoder.source.text
    data = decoder.offsets.data
    commands: list[tuple[int, list[list[object]]]] = [(decoder.span(node).start, [])]
    prev_end = -1
    for i, child in enumerate(node.children):  # type: ignore[attr-defined]
        if node.field_name_for_child(i) not in ("name", "argument"):  # type: ignore[attr-defined]
            continue
        if child.type == "command_name" and child.named_child_count:
            child = child.named_children[0]
        if child.type == "word" and data[child.start_byte : child.start_byte + 1] in (b"\n", b"\r"):
            raw = child.text or b""
            start = child.start_byte + len(raw) - len(raw.lstrip(b"\r\n"))
            commands.append((decoder.offsets.char(start), [[("trimmed", start, child.end_byte)]]))
            prev_end = decoder.span(child).end
            continue
        groups = commands[-1][1]
        span = decoder.span(child)
        continued = (
            span.start > prev_end
            and text[prev_end] == "\\"
            and only_continuations(text, prev_end, span.start)
        )
        if groups and (continued or span.start == prev_end):
            groups[-1].append(child)
        else:
            groups.append([child])
        prev_end = span.end
    out = []
    for start, groups in commands:
        if groups:
            last = groups[-1][-1]
            end = decoder.offsets.char(last[2]) if isinstance(last, tuple) else decoder.span(last).end
            out.append((Span(start, end), groups))
    return out


def _shape(groups: list[list[object]]) -> list[list[tuple[object, ...]]]:
    return [[_placed(n) for n in group] for group in groups]


def _placed(node: object) -> tuple[object, ...]:
    if isinstance(node, tuple):
        return node
    if isinstance(node, Trimmed):
        return ("trimmed", node.start_byte, node.end_byte)
    return (node.type, node.start_byte, node.end_byte)  # type: ignore[attr-defined]


def _check_logical_commands(root: object, decoder: WordDecoder) -> None:
    for node, _ in preorder(root):
        if node.type != "command":  # type: ignore[attr-defined]
            continue
        fast = [(span, _shape(groups)) for span, groups in logical_commands(node, decoder)]
        plain = [(span, _shape(groups)) for span, groups in _plain_logical_commands(node, decoder)]
        assert fast == plain


# --- variables -------------------------------------------------------------


class _EveryStatement(Variables):
    """`Variables` reading every statement of a block, not only those up to
    the last one that leads to a command asked about, and keeping every value
    it records (the eager timeline: nothing is let go, nothing read again)."""

    _EXPIRE = False

    def _last_start(self, block: object) -> int:
        # Every statement of the block starts at or before its end.
        return block.end_byte  # type: ignore[attr-defined,no-any-return]


def _plain_effects(variables: Variables, root: object) -> _Effects:
    """`Variables._effects` as it was: a walk with every node's parents, types as strings."""
    effects = _Effects(set())
    top: tuple[object, object | None, object | None] = (root, None, None)
    if root.type in ("variable_name", "subscript"):  # type: ignore[attr-defined]
        parent = variables._ancestry.parent(root)
        top = (root, parent, variables._ancestry.parent(parent) if parent is not None else None)
    for node, parent, grandparent in _walk_with_parents(root, top):
        kind = node.type  # type: ignore[attr-defined]
        if kind == "variable_name":
            if variables_module._assigns(parent, grandparent):
                effects.names.add(variables_module._text(node))
        elif kind == "command":
            effects.add(variables._command_effects(node))
    return effects


def _env_items(env: object) -> list[tuple[str, object]]:
    values = env.values  # type: ignore[attr-defined]
    return sorted(((name, values.get(name)) for name in values), key=lambda item: item[0])


def _check_variables(root: object, decoder: WordDecoder) -> None:
    commands = []
    ancestry = Ancestry()
    for path in preorder_with_path(root):
        if path[-1].type == "command":  # type: ignore[attr-defined]
            commands.append(path[-1])
            ancestry.add_path(list(path))
    if not commands:
        return
    fast = Variables(root, decoder, commands, ancestry)
    plain = _EveryStatement(root, decoder, commands, ancestry)
    # Asked last call first, every view but the newest was let go of its
    # values, and is read again (`_BlockTable.replay`).
    backwards = Variables(root, decoder, commands, ancestry)
    backwards_envs = [backwards.env_at(command) for command in reversed(commands)][::-1]
    for command, backwards_env in zip(commands, backwards_envs, strict=True):
        env, plain_env = fast.env_at(command), plain.env_at(command)
        assert _env_items(env) == _env_items(plain_env)
        assert _env_items(backwards_env) == _env_items(plain_env)
        assert env.standard_ifs == plain_env.standard_ifs
        for _span, groups in logical_commands(command, decoder):
            words = Words(groups, decoder)
            expected = [w for g in groups for w in decoder.decode_words(g, env)]
            assert _with_values(words, env) == expected
    for node, _ in preorder(root):
        if node.type in ("command", "variable_assignment", "declaration_command", "if_statement", "program"):  # type: ignore[attr-defined]
            assert fast._effects(node) == _plain_effects(fast, node)
        if node.type == "command_name":  # type: ignore[attr-defined]
            name = node.named_children[0] if node.named_children else node  # type: ignore[attr-defined]
            assert fast._name(name) == decoder.decode([name]).text


def test_statements_after_the_last_call_are_not_read() -> None:
    text = 'V=a\naws ec2 register-image --name "$V"\nW=$(read -r V)\nf() { V=b; }\nf\n'
    _, root, decoder = _parsed(text)
    commands = [n for n, _ in preorder(root) if n.type == "command"]  # type: ignore[attr-defined]
    variables = Variables(root, decoder, commands[:1])
    read: list[int] = []
    effects = variables._effects

    def counted(node: object, budget: int | None = None) -> _Effects:
        read.append(node.start_byte)  # type: ignore[attr-defined]
        return effects(node, budget)

    variables._effects = counted  # type: ignore[method-assign,assignment]
    value = variables.env_at(commands[0]).values["V"]
    assert isinstance(value, ShellWord) and value.text == "a"
    assert all(at < text.index("W=") for at in read)


def _shell_words_alive() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, ShellWord))


def _read_every_call(units: int, variables_class: type[Variables]) -> int:
    """The `ShellWord`s alive once each call of a script of `units` units,
    each setting the same names again, has read its values, in order."""
    unit = (
        'V="a{n}"\nV+="-b{n}"\nA=(--name n{n})\nA+=(--ena-support)\n'
        'aws ec2 register-image --name "$V" "${{A[@]}}"\n'
    )
    _, root, decoder = _parsed("#!/bin/bash\n" + "".join(unit.format(n=n) for n in range(units)))
    commands = [n for n, _ in preorder(root) if n.type == "command" and n.text.startswith(b"aws")]  # type: ignore[attr-defined]
    variables = variables_class(root, decoder, commands)
    for n, command in enumerate(commands):
        values = variables.env_at(command).values
        assert values["V"].text == f"a{n}-b{n}"  # type: ignore[union-attr]
        assert [word.text for word in values["A"]] == ["--name", f"n{n}", "--ena-support"]  # type: ignore[union-attr]
        del values
    alive = _shell_words_alive()
    del variables, commands, root, decoder
    return alive


def test_values_set_again_are_let_go_once_no_later_call_can_read_them() -> None:
    before = _shell_words_alive()
    kept = [_read_every_call(units, Variables) - before for units in (20, 200)]
    # Only the values the last calls may still read: as many for 200 units as for 20.
    assert kept[0] == kept[1] <= 16
    # The eager timeline keeps every value ever assigned (4 assignments a unit).
    eager = [_read_every_call(units, _EveryStatement) - before for units in (20, 200)]
    assert eager[1] - eager[0] >= 180 * 4


def test_calls_asked_out_of_order_read_their_block_again_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    steps: list[int] = []
    step = variables_module._BlockTable._step

    def counted(self: object) -> None:
        steps.append(1)
        step(self)  # type: ignore[arg-type]

    monkeypatch.setattr(variables_module._BlockTable, "_step", counted)
    for units in (20, 200):
        steps.clear()
        text = "#!/bin/bash\n" + "".join(
            f'V="a{n}"\naws ec2 register-image --name "$V"\n' for n in range(units)
        )
        _, root, decoder = _parsed(text)
        commands = [n for n, _ in preorder(root) if n.type == "command" and n.text.startswith(b"aws")]  # type: ignore[attr-defined]
        variables = Variables(root, decoder, commands)
        envs = [variables.env_at(command) for command in reversed(commands)]
        names = [env.values["V"].text for env in reversed(envs)]  # type: ignore[union-attr]
        assert names == [f"a{n}" for n in range(units)]
        # The block read once as asked, and once again for every view let go.
        assert len(steps) <= 2 * units + 2


def test_a_value_kept_as_numbers_is_the_word_decoded() -> None:
    seen = 0
    for text in [*_texts(), 'V="a b"\nW=\'x\'\nX=plain\nY=$"t"\nZ=""\n']:
        source, root, decoder = _parsed(text)
        for node, _ in preorder(root):
            plain = decoder._plain(node)
            if plain is None:
                continue
            seen += 1
            again = unpacked_plain(source, packed_plain(node.type, decoder.span(node)))  # type: ignore[attr-defined]
            assert again == plain == decoder.decode([node], assignment=True)
    assert seen > 100


# --- captured variables ----------------------------------------------------


def _check_captured(root: object, decoder: WordDecoder) -> None:
    names = {
        node.text.decode("utf-8", "replace")  # type: ignore[attr-defined]
        for node, _ in preorder(root)
        if node.type == "variable_name"  # type: ignore[attr-defined]
    }
    data = decoder.offsets.data
    for name in sorted(names)[:20]:
        assert parsed_variables(root, [name], data) == parsed_variables(root, [name])
    few = sorted(names)[:FEW_NAMES]
    assert parsed_variables(root, few, data) == parsed_variables(root, few)
    assert parsed_variables(root, names, data) == parsed_variables(root, names)


def test_many_captured_names_are_not_each_searched_through_the_text(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A name per call (`IMAGE_17=$(aws …)`): searching the text once per
    name made the series of captured calls quadratic (12.7x for 10x, issue 20);
    past FEW_NAMES names, the walk visits every node instead."""
    searched: list[bytes] = []
    real = captured._occurrences

    def counted(data: bytes, name: bytes):  # type: ignore[no-untyped-def]
        searched.append(name)
        return real(data, name)

    monkeypatch.setattr(captured, "_occurrences", counted)
    units = 40
    text = "".join(
        f"IMAGE_{i}=$(aws ec2 register-image --name n{i})\n"
        + (f'jq -r .ImageId <<< "$IMAGE_{i}"\n' if i % 5 == 0 else f'echo "$IMAGE_{i}"\n')
        for i in range(units)
    )
    source = Source.from_text(text, "many.sh")
    script = parse_script(source)
    names = [f"IMAGE_{i}" for i in range(units)]
    data = script.offsets.data
    assert parsed_variables(script.tree.root_node, names, data) == {f"IMAGE_{i}" for i in range(0, units, 5)}
    assert searched == []
    assert parsed_variables(script.tree.root_node, names[:FEW_NAMES], data) == {"IMAGE_0", "IMAGE_5"}
    assert len(searched) == FEW_NAMES


# --- the commands scan reads ---------------------------------------------


CALL_SHAPES = [
    'aws ec2 register-image --name "n{n}" --architecture arm64',
    'aws ec2 regis"ter-image" --name x{n}',
    "aws ec2 $'\\x72egister-image' --name x{n}",
    "aws ec2 register-\\\nimage --name x{n}",
    "IFS= read -r line",
    "X=1 aws ec2 register-image --name y{n}",
    'AWS() {{ aws --region eu-west-1 "$@"; }}',
    "AWS ec2 register-image --name w{n}",
    "bash -c 'aws ec2 register-image --name inner{n}'",
    "echo plain words {n}",
    "aws ec2 describe-images --owners self",
    "echo $(aws ec2 register-image --name sub{n})",
    'R=$(aws ec2 register-image --name "$V" --query ImageId --output text)',
    'echo "$R" | jq .',
    "sudo aws ec2 register-image --name s{n} 'unterminated",
    # What the walk gathers besides the calls, and where the way down to a
    # call by its bytes would miss it (`calls._needle_paths`).
    "IFS=: export Z{n}",
    "aws ec2 register-image --name $V --architecture arm64",
    "f{n} () {{ aws ec2 register-image --name f{n}; }}",
    "function g{n} {{ V=in-g; }}",
    "g{n}",
    "cat <<EOF | aws ec2 register-image --cli-input-json file:///dev/stdin\n{{}}\nEOF",
    "{{ aws ec2 register-image --name b{n}; X=$(aws ec2 register-image --name c{n}); }}",
]


@st.composite
def call_scripts(draw: st.DrawFn) -> str:
    lines = [
        draw(st.sampled_from(CALL_SHAPES + STATEMENTS)).format(n=n) for n in range(draw(st.integers(1, 8)))
    ]
    return "#!/bin/bash\n" + "\n".join(lines) + "\n"


def _calls(text: str) -> tuple[list[tuple[object, ...]], list[str]]:
    from ami_lint.shell.calls import find_invocations

    source = Source.from_text(text, "t.sh")
    nested: list[object] = []
    calls = find_invocations(source, None, nested)  # type: ignore[arg-type]
    shown: list[tuple[object, ...]] = [
        (
            call.span,
            tuple((w.span, w.text) for w in call.words),
            tuple((o.name, o.word.text) for o in call.global_options),
            call.has_splice,
            call.capture,
            call.syntax_error,
            call.borrowed,
            call.hides_output,
            call.shell,
        )
        for call in calls
    ]
    return shown, [piece.text for piece in nested]  # type: ignore[attr-defined]


def _check_scan(text: str, monkeypatch: object) -> None:
    from ami_lint.shell import calls as calls_module

    fast = _calls(text)
    with monkeypatch.context() as patched:  # type: ignore[attr-defined]
        patched.setattr(calls_module, "_may_hold", lambda data, start, end: True)  # every command is entered
        patched.setattr(calls_module, "_spelt_out", lambda data: None)  # every command is read
        patched.setattr(
            calls_module, "_may_expand", lambda data, start, end: True
        )  # every call's words asked
        plain = _calls(text)
    with monkeypatch.context() as patched:  # type: ignore[attr-defined]
        patched.setattr(calls_module, "_needle_paths", lambda root, data: None)  # the whole script walked
        walked = _calls(text)
    assert fast == plain == walked


def test_scan_reads_the_same_calls_in_the_corpus(monkeypatch: object) -> None:
    for text in _texts():
        _check_scan(text, monkeypatch)


@settings(max_examples=150, deadline=None)
@given(call_scripts())
def test_scan_reads_the_same_calls_in_generated_scripts(text: str) -> None:
    import pytest

    with pytest.MonkeyPatch.context() as monkeypatch:
        _check_scan(text, monkeypatch)


def test_scan_reads_the_same_calls_where_the_walk_sees_more(monkeypatch: object) -> None:
    for text in (
        # `IFS` assigned for a special builtin: unquoted `$V` is not split as usual.
        "V=a\nIFS=: export Z\naws ec2 register-image --name $V\n",
        # A function that assigns `V`, called before the call.
        'V=a\nfunction g { V=b; }\ng\naws ec2 register-image --name "$V"\n',
        'V=a\ng ( ) { V=b; }\ng\naws ec2 register-image --name "$V"\n',
        "cat <<EOF | aws ec2 register-image --cli-input-json file:///dev/stdin\n{}\nEOF\n",
        "X=$(aws ec2 register-image --name $(echo register-image)"
        ' --description "$(aws ec2 register-image)")\n',
    ):
        _check_scan(text, monkeypatch)


def test_calls_are_found_by_their_bytes_only_where_nothing_else_is_needed() -> None:
    from ami_lint.shell.calls import _needle_paths

    def ways(text: str) -> list[list[str]] | None:
        script = parse_script(Source.from_text(text, "t.sh"))
        found = _needle_paths(script.tree.root_node, script.offsets.data)  # type: ignore[attr-defined]
        return None if found is None else [[n.type for n in way] for way in found]

    assert ways("aws ec2 register-image --name x\n") == [["program", "command"]]
    assert ways("X=$(aws ec2 register-image --name $(echo register-image))\n") == [
        ["program", "variable_assignment", "command_substitution", "command"],
        [
            "program",
            "variable_assignment",
            "command_substitution",
            "command",
            "command_substitution",
            "command",
        ],
    ]
    assert ways("echo nothing\n") == []
    for walked in (
        "IFS=, read a b\naws ec2 register-image --name x\n",
        "f() { :; }\naws ec2 register-image --name x\n",
        "f ( ) { :; }\naws ec2 register-image --name x\n",
        "function f { :; }\naws ec2 register-image --name x\n",
        "cat <<EOF | aws ec2 register-image --cli-input-json file:///dev/stdin\n{}\nEOF\n",
        # Past 16 places, the steps down passed over more children than the
        # script has bytes: 20 calls in one list of 20,020 commands.
        ("aws ec2 register-image --name x\n" + ":\n" * 1000) * 20,
    ):
        assert ways(walked) is None, walked
    # Past 16 places, as long as the steps down stay within the script's size.
    assert ways("aws ec2 register-image --name x\n" * 17) == [["program", "command"]] * 17
    assert ways(("aws ec2 register-image --name x\n" + ":\n" * 1000) * 16) == [["program", "command"]] * 16


def test_many_calls_found_by_their_bytes_are_the_calls_the_walk_finds(monkeypatch: object) -> None:
    for text in (
        "aws ec2 register-image --name x\n" * 17,
        "".join(f"aws ec2 register-image --name n{i} --architecture arm64\necho {i}\n" for i in range(40)),
        ("aws ec2 register-image --name x\n" + ":\n" * 1000) * 20,
    ):
        _check_scan(text, monkeypatch)


def test_register_image_spelt_otherwise_is_still_read() -> None:
    from ami_lint.shell.calls import _spelt_out

    assert _spelt_out(b"aws ec2 register-image --name x") is True
    assert _spelt_out(b"echo nothing") is True
    assert _spelt_out(b'aws ec2 regis"ter-image" --name x') is None
    assert _spelt_out(b"aws ec2 register-\\\nimage") is None
    assert _spelt_out(b"aws ec2 $'\\x72egister-image'") is None


# --- a word's offset map ----------------------------------------------------


def _general_mapper(word: ShellWord) -> object:
    """`ShellWord.mapper` as it is made for any word."""
    from ami_lint.offsets import OffsetMap
    from ami_lint.shell.words import UnknownPart

    target = OffsetMap(anchor=word._anchor())
    for part in word.parts:
        if isinstance(part, UnknownPart):
            break
        part.add_to(target)
    return target


def _check_mappers(text: str) -> None:
    _, root, decoder = _parsed(text)
    checked = 0
    for node, _ in preorder(root):
        if node.type not in ("word", "string", "raw_string", "concatenation", "ansi_c_string"):  # type: ignore[attr-defined]
            continue
        word = decoder.decode([node])
        fast, general = word.mapper(), _general_mapper(word)
        length = len(word.known_prefix)
        for start in range(-1, length + 2):
            for end in range(-1, length + 2):
                assert fast.span(start, end) == general.span(start, end), (word, start, end)  # type: ignore[attr-defined]
        checked += 1
    assert checked


def test_a_word_copied_as_written_gets_the_map_any_word_gets() -> None:
    _check_mappers('aws ec2 register-image --name \'a b\' "c\\"d" e\\ f "" $\'x\\ty\' x"$V"y ~/z\n')


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="ab $'\"\\{}=,~*\n", max_size=30))
def test_generated_words_get_the_map_any_word_gets(text: str) -> None:
    _check_mappers("echo x " + text + "\n")


def test_words_since_an_index_are_each_word_decoded() -> None:
    _, root, decoder = _parsed('aws ec2 register-image --name a\\\n  --architecture "x" $V\n')
    node = next(n for n, _ in preorder(root) if n.type == "command")  # type: ignore[attr-defined]
    _, groups = logical_commands(node, decoder)[0]
    for start in range(len(groups) + 1):
        words = Words(groups, decoder)
        words[1]  # some decoded before
        assert words.since(start) == [Words(groups, decoder)[i] for i in range(start, len(groups))]


@given(st.text(max_size=8), st.integers(0, 10**6), st.booleans())
def test_parts_and_words_made_unchecked_are_those_made_by_their_class(
    text: str, start: int, quoted: bool
) -> None:
    """`literal_part_of` and `shell_word_of` (and `_plain`, which writes them
    out) make what `LiteralPart(...)` and `ShellWord(...)` make: the same
    class and fields, equal and hashed alike, still frozen."""
    import pickle

    import pytest

    from ami_lint.records import FrozenInstanceError
    from ami_lint.shell.words import LiteralPart, literal_part_of, shell_word_of

    pieces = ((start, len(text), len(text)),) if text else ()
    made, called = literal_part_of(text, pieces, quoted, start), LiteralPart(text, pieces, quoted, start)
    assert type(made) is LiteralPart and made == called and hash(made) == hash(called)
    assert repr(made) == repr(called) and pickle.loads(pickle.dumps(made)) == called
    source, span = Source.from_text(text, "x.sh"), Span(start, start + len(text))
    word, reference = shell_word_of(source, span, (made,)), ShellWord(source, span, (called,))
    assert type(word) is ShellWord and word == reference and hash(word) == hash(reference)
    assert repr(word) == repr(reference) and word.resolved == ()
    with pytest.raises(FrozenInstanceError):
        made.text = "y"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        word.parts = ()  # type: ignore[misc]


def test_option_uses_and_argv_words_made_unchecked_are_those_made_by_their_class() -> None:
    """`cmdline._use_of` and `ShellWord.to_word` make what `OptionUse(...)`
    and `Word(...)` make: the same class and fields, equal alike, still frozen."""
    import pytest

    from ami_lint.cliargs import Word
    from ami_lint.records import FrozenInstanceError
    from ami_lint.shell.calls import Calls
    from ami_lint.shell.cmdline import OptionUse, _OpenUse, _use_of, read_command_line

    assert _OpenUse.__slots__ == OptionUse.__slots__
    text = "aws ec2 register-image --name web --ena-support --block-device-mappings=DeviceName=/dev/xvda\n"
    source = Source.from_text(text, "x.sh")
    from ami_lint.shell.calls import scan

    calls: Calls = scan(source, parse_script(source), None, 0)
    [invocation] = list(calls.take())
    line = read_command_line(invocation)
    assert [type(use) for use in line.options] == [OptionUse] * 3
    for use in line.options:
        fields = (use.spec, use.word, use.name_span, use.written, use.values, use.explicit)
        flags = (use.missing_value, use.open_list)
        assert use == OptionUse(*fields, *flags) == _use_of(*fields, *flags)
        with pytest.raises(FrozenInstanceError):
            use.written = "--x"  # type: ignore[misc]
        for value in use.values:
            word = value.to_word()
            assert type(word) is Word and word == Word(word.text, value.source, word.mapper)
            assert word.span() == value.span
    assert [use.explicit for use in line.options] == [False, False, True]


def test_invocations_made_unchecked_are_those_made_by_their_class() -> None:
    """`invocation_of` and `invocation_with` make what `Invocation(...)` and
    `replace(...)` make: the same class and fields, still frozen."""
    import pytest

    from ami_lint.records import FrozenInstanceError, fields, replace
    from ami_lint.shell.calls import scan
    from ami_lint.shell.commands import Invocation, _OpenInvocation, invocation_with

    assert _OpenInvocation.__slots__ == Invocation.__slots__
    text = 'out=$(aws ec2 register-image --name web --region "$R")\n'
    source = Source.from_text(text, "x.sh")
    [made] = list(scan(source, parse_script(source), None, 0).take())
    assert type(made) is Invocation and made.capture is not None and made.files is not None
    plain = Invocation(made.source, made.span, made.words, made.global_options, made.has_splice)
    assert invocation_with(made, None, None, None, None) == plain
    again = invocation_with(plain, "bash", made.capture, 3, made.files)
    reference = replace(plain, shell="bash", capture=made.capture, syntax_error=3, files=made.files)
    assert type(again) is Invocation and again == reference
    assert [getattr(again, name) for name in fields(Invocation)] == [
        getattr(reference, name) for name in fields(Invocation)
    ]
    with pytest.raises(FrozenInstanceError):
        again.shell = "sh"  # type: ignore[misc]
