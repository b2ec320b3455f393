"""The `ami-lint` command."""

from __future__ import annotations

# Start-up (issue 20): this module is all `ami-lint --version` imports, and a
# run over plain paths never builds the argparse parser (`_plain_args`), so
# argparse (and gettext and locale with it), contextlib and typing are
# imported where they are used. `io`, `os` and `sys` are loaded at start-up.
import io
import os
import sys

from ami_lint import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (with re and enum)
if TYPE_CHECKING:
    import argparse
    from typing import NoReturn, TextIO

FAIL_ON = ("error", "warning", "info", "never")


class UsageError(Exception):
    pass


def _parser_class() -> type[argparse.ArgumentParser]:
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            raise UsageError(message)

        def _get_formatter(self) -> argparse.HelpFormatter:
            # argparse makes a formatter for every option it adds, and a formatter
            # asks `shutil` for the terminal's width: importing shutil (with bz2
            # and lzma) was a few ms of every run. The same width, without it.
            make: type[argparse.HelpFormatter] = self.formatter_class  # type: ignore[assignment]
            return make(prog=self.prog, width=_terminal_columns() - 2)

    return _Parser


def _terminal_columns() -> int:
    """The width `shutil.get_terminal_size` gives: $COLUMNS, else the
    terminal's, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


def _jobs(text: str) -> int:
    import argparse

    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of workers") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: at least 1 worker is needed")
    return jobs


def build_parser() -> argparse.ArgumentParser:
    p = _parser_class()(
        prog="ami-lint",
        description="Offline linter for EC2 AMI registration requests (aws ec2 register-image).",
        epilog="Exit codes: 0 no findings at or above --fail-on, 1 findings, 2 usage or I/O error. "
        "`ami-lint server` runs the language server (LSP over stdio; the `server` extra).",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories ('-' = stdin); default: .")
    p.add_argument(
        "--format",
        choices=("text", "json", "sarif", "github", "editor"),
        default="text",
        help="report format (default text; editor: one line per finding)",
    )
    p.add_argument("--output", metavar="FILE", help="write the report to FILE instead of stdout")
    p.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="name of the stdin document, for detection and reports",
    )
    p.add_argument(
        "--select",
        action="append",
        metavar="IDS",
        help="comma-separated rule ids, prefixes or names to run",
    )
    p.add_argument(
        "--ignore",
        action="append",
        metavar="IDS",
        help="comma-separated rule ids, prefixes or names to skip",
    )
    p.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        help="lowest severity that makes the exit code 1 (default error)",
    )
    p.add_argument(
        "--limits",
        choices=("current", "legacy"),
        help="EBS limits table: current (default), or legacy as printed in the reference pages",
    )
    p.add_argument(
        "--config",
        metavar="FILE",
        help="configuration file for every input (else .ami-lint.yaml or [tool.ami-lint] "
        "in pyproject.toml, the nearest above each file)",
    )
    p.add_argument(
        "--rules-dir",
        action="append",
        default=[],
        metavar="DIR",
        help="load extra rules from DIR, a folder of the same form as the built-in rules (repeatable)",
    )
    p.add_argument(
        "--trust-config-rules",
        action="store_true",
        help="load the Python rules of the configuration's rules-dirs, and folders outside its "
        "own; without it a configuration is data only (its rules-dirs give their YAML rules)",
    )
    p.add_argument(
        "--force-exclude",
        action="store_true",
        help="skip files the configuration excludes even when named on the command line",
    )
    p.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto", help="colour in text output"
    )
    p.add_argument(
        "--shorthand",
        metavar="OPTION",
        help="lint the VALUE words of one register-image option (e.g. block-device-mappings) "
        "instead of files; with no VALUE or '-', read the value from stdin, one word per line",
    )
    p.add_argument("--list-rules", action="store_true", help="list the rules (with --format json: as JSON)")
    p.add_argument("--explain", metavar="ID", help="print a rule's documentation")
    p.add_argument(
        "--jobs",
        type=_jobs,
        metavar="N",
        help="worker processes for many files (default: one per CPU when there are many files)",
    )
    p.add_argument(
        "--max-file-size",
        type=_positive_int,
        default=1024 * 1024,
        metavar="BYTES",
        help="larger files (and file:// references) are not parsed (default 1048576)",
    )
    p.add_argument(
        "--max-depth",
        type=_positive_int,
        metavar="N",
        help="deepest nesting of JSON, YAML and shorthand read (default: as deep as the AWS CLI "
        "reads each, and 400 for YAML)",
    )
    p.add_argument(
        "--max-aliases",
        type=_positive_int,
        default=1000,
        metavar="N",
        help="YAML alias uses, as a full expansion counts them (default 1000)",
    )
    p.add_argument(
        "--max-alias-nodes",
        type=_positive_int,
        default=10_000,
        metavar="N",
        help="nodes YAML aliases may add, as a full expansion creates them (default 10000)",
    )
    p.add_argument(
        "--warn-unused-suppressions",
        action="store_true",
        help="report `# ami-lint: disable` codes that suppressed nothing (as warnings, on stderr)",
    )
    p.add_argument(
        "--baseline",
        metavar="FILE",
        help="suppress the findings recorded in FILE (see --write-baseline): fail only on new ones",
    )
    p.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record the current findings in FILE as the baseline, then apply it",
    )
    p.add_argument("--verbose", action="store_true", help="say which files were skipped and why")
    p.add_argument(
        "--quiet",
        action="store_true",
        help="print the findings and errors only: no summary, no line for a clean run or for a "
        "named file that holds no request (for hooks that name every file of a kind)",
    )
    p.add_argument(
        "--fix",
        action="store_true",
        help="apply the safe fixes and write the files (stdin: print the fixed text on stdout, "
        "the report on stderr); the exit code is that of the findings that remain",
    )
    p.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff, apply the unsafe fixes too; alone, count them as fixable",
    )
    p.add_argument(
        "--diff",
        action="store_true",
        help="print a unified diff of what --fix would change and write nothing "
        "(exit 1 when there is a diff, 0 when there is none)",
    )
    p.add_argument(
        "--statistics", action="store_true", help="print how many findings each rule has, not the findings"
    )
    p.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when there are findings (2 still means an error)",
    )
    p.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    p.add_argument("--version", action="store_true", help="print the version and exit")
    return p


def _positive_int(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def main(argv: list[str] | None = None) -> int:
    _guard_std_streams()
    arguments = argv if argv is not None else sys.argv[1:]
    if arguments[:1] == ["server"]:
        return _server(arguments[1:])
    debug = "--debug" in arguments
    # Linting makes many small objects that live as long as their file's
    # report, and few reference cycles: at the default pace (a young
    # collection every 700 new objects) the collector finds almost nothing
    # to free, in about a seventh of the time of a tree. Peak memory stays
    # the same (bench/RESULTS.md).
    import gc

    gc.set_threshold(10_000, 20, 20)
    # Start-up (imports, the rules) makes objects that live as long as the
    # run: the collector is off until it is over (`_started`), which then
    # puts them with the oldest objects without scanning them (issue 20).
    _COLLECTOR_HELD[0] = gc.isenabled() and not gc.get_freeze_count()
    if _COLLECTOR_HELD[0]:
        gc.disable()
    try:
        if arguments == ["--version"]:
            print(f"ami-lint {__version__}")  # before the parser is built: as fast as Python starts
            code = 0
        else:
            code = _run(_plain_args(arguments) or build_parser().parse_args(arguments))
        _flush_stdout()
        return code
    except UsageError as exc:
        print(_line(f"ami-lint: error: {exc}"), file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`ami-lint ... | head`): nothing left to say.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if debug:
            raise
        print(
            _line(
                f"ami-lint: internal error: {type(exc).__name__}: {exc} (rerun with --debug for a traceback)"
            ),
            file=sys.stderr,
        )
        return 2
    finally:
        _started()  # when start-up did not end (an error, `--version`): on again all the same


# Whether `main` turned the collector off for start-up and has not turned it
# on again.
_COLLECTOR_HELD = [False]


def _started() -> None:
    """The end of start-up: the collector on again, the objects made so far
    moved to its oldest generation (`freeze` then `unfreeze`: no scan, and
    the count of new objects starts from none), as they would be after
    surviving two collections."""
    if _COLLECTOR_HELD[0]:
        import gc

        _COLLECTOR_HELD[0] = False
        gc.freeze()
        gc.unfreeze()
        gc.enable()


def entry() -> NoReturn:
    """The `ami-lint` command (the console script and `python -m ami_lint`):
    `main`, then the process ends at once with its exit code once standard
    output and standard error are flushed, without tearing the interpreter
    down (freeing every object and module: milliseconds that change nothing a
    run leaves behind; every file ami-lint writes is closed before `main`
    returns, and workers are joined). When a flush fails, or for the language
    server (whose threads end with the interpreter), the exit is Python's
    own, as before. Before `main`, ami-lint's own modules get a finder that
    loads them with fewer steps (`ami_lint.fastimport`; not for `--version`,
    which imports nothing more)."""
    if sys.argv[1:] != ["--version"]:
        from ami_lint.fastimport import install

        install()
    code = main()
    if sys.argv[1:2] != ["server"]:
        try:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    stream.flush()
        except BaseException:  # Python's own exit reports it, as without this
            pass
        else:
            os._exit(code)
    raise SystemExit(code)


# What `build_parser().parse_args(argv)` gives for an argument list of paths
# alone (tests/test_cli.py checks that both agree); `_plain_args` makes it
# without importing argparse or building the parser.
PLAIN_DEFAULTS: dict[str, object] = {
    "format": "text",
    "output": None,
    "stdin_filename": None,
    "select": None,
    "ignore": None,
    "fail_on": None,
    "limits": None,
    "config": None,
    "trust_config_rules": False,
    "force_exclude": False,
    "color": "auto",
    "shorthand": None,
    "list_rules": False,
    "explain": None,
    "jobs": None,
    "max_file_size": 1024 * 1024,
    "max_depth": None,
    "max_aliases": 1000,
    "max_alias_nodes": 10_000,
    "warn_unused_suppressions": False,
    "baseline": None,
    "write_baseline": None,
    "verbose": False,
    "quiet": False,
    "fix": False,
    "unsafe_fixes": False,
    "diff": False,
    "statistics": False,
    "exit_zero": False,
    "debug": False,
    "version": False,
}


def _plain_args(arguments: list[str]):  # type: ignore[no-untyped-def]
    """The parsed arguments when every argument is a path (none starts with
    `-`, `-` alone being standard input), as argparse would give them; None
    otherwise (options: the parser reads them)."""
    if any(a.startswith("-") and a != "-" for a in arguments):
        return None
    from types import SimpleNamespace

    return SimpleNamespace(paths=list(arguments), rules_dir=[], **PLAIN_DEFAULTS)


# The language server's packages, the `server` extra (pyproject.toml).
SERVER_INSTALL = "ami-lint server needs pygls and lsprotocol: pip install 'ami-lint[server]'"


def _server(argv: list[str]) -> int:
    """`ami-lint server [--stdio]`: the language server (`ami_lint.server`) on
    standard input and output; `--stdio`, which many clients pass, is the
    only transport."""
    for arg in argv:
        if arg in ("-h", "--help"):
            print(
                "usage: ami-lint server [--stdio]\n\n"
                "Run the ami-lint language server (LSP 3.17) on standard input and output, for an editor."
            )
            return 0
        if arg != "--stdio":
            print(_line(f"ami-lint server: error: unknown argument {arg!r} (only --stdio)"), file=sys.stderr)
            return 2
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        print(f"ami-lint: error: {SERVER_INSTALL}", file=sys.stderr)
        return 2
    from ami_lint.server import serve

    return serve()


def _line(text: str) -> str:
    """A line for stderr: what it quotes of the input (paths, values, messages
    of exceptions) shown printable, and never a CI workflow command."""
    from ami_lint.printable import line

    return line(text)


def _lines(text: str) -> str:
    from ami_lint.printable import no_commands, printable_lines

    return no_commands(printable_lines(text))


def _closed_output() -> io.TextIOBase:
    """Standard output when ami-lint was started with it closed (`>&-`):
    writing the report there is one clear error, not a traceback. Its class
    is made only then: an `io` class costs a run ~150K instructions to make
    (start-up, issue 20)."""

    class _ClosedOutput(io.TextIOBase):
        def write(self, text: str) -> int:
            raise UsageError("cannot write the report: standard output is closed")

        def isatty(self) -> bool:
            return False

    return _ClosedOutput()


def _guard_std_streams() -> None:
    """A standard stream closed at start-up (`<&-`, `>&-`, `2>&-`) gets
    /dev/null as its descriptor, so that no file or pipe opened later takes
    that number and receives what was meant for it. Python leaves such a
    stream None: standard input stays so (`-` reports it closed), standard
    output refuses the report, and messages meant for a closed standard error
    go nowhere (`print` would send them to standard output, into the report)."""
    for number, name in enumerate(("stdin", "stdout", "stderr")):
        if getattr(sys, name) is not None:
            continue
        null = os.open(os.devnull, os.O_RDWR)
        if null != number:
            os.dup2(null, number)
            os.close(null)
        if name == "stdout":
            sys.stdout = _closed_output()
        elif name == "stderr":
            sys.stderr = open(number, "w", closefd=False)  # noqa: SIM115 - lives as long as the process


def _flush_stdout() -> None:
    """Standard output flushed: a full device (`> /dev/full`) is one line, exit 2."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        _stdout_failed(exc)


def _stdout_failed(exc: OSError) -> NoReturn:
    import contextlib

    # What is still buffered goes to /dev/null: flushing it at exit would fail again.
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    reason = (exc.strerror or type(exc).__name__).lower()
    raise UsageError(f"cannot write the report to standard output: {reason}") from None


def _run(args: argparse.Namespace) -> int:
    if args.version:
        print(f"ami-lint {__version__}")
        return 0

    from ami_lint.config import ConfigError, workspace_from_args
    from ami_lint.files import InputError
    from ami_lint.registry import RuleLoadError
    from ami_lint.selection import SelectionError

    try:
        workspace = workspace_from_args(args)
        _started()
        if args.list_rules or args.explain:
            # The rules of the working directory's configuration are listed too.
            workspace.registry_for(workspace.cwd_config())
            if args.list_rules:
                return _emit(args, _list_rules(workspace.registry, args.format))
            return _explain(workspace.registry, args.explain)
        return _lint(args, workspace)
    except (InputError, RuleLoadError, SelectionError, ConfigError) as exc:
        print(_line(f"ami-lint: error: {exc}"), file=sys.stderr)
        return 2


def _lint(args: argparse.Namespace, workspace) -> int:  # type: ignore[no-untyped-def]
    from ami_lint.readers import ReadLimits, limits_applied

    limits = ReadLimits(
        args.max_file_size, args.max_depth, args.max_aliases, max_alias_nodes=args.max_alias_nodes
    )
    with limits_applied(limits):
        return _lint_limited(args, workspace)


def _lint_limited(args: argparse.Namespace, workspace) -> int:  # type: ignore[no-untyped-def]
    from ami_lint.paths import normal

    # Standalone values (`--shorthand`) take the working directory's configuration.
    where = normal(args.stdin_filename or "-")  # as `Path(…)` names it, without pathlib
    linter = workspace.linter_of(where)
    if args.shorthand is not None and (args.fix or args.diff):
        raise UsageError("--fix and --diff apply to files, not to --shorthand values")
    if args.fix and args.diff:
        raise UsageError("--fix and --diff cannot be used together (--diff shows what --fix would do)")
    stdin_data = None
    if args.shorthand is None and "-" in (args.paths or ["."]):
        stdin_data = _read_stdin()
    report = (
        _lint_option(args, linter) if args.shorthand is not None else _lint_files(args, linter, stdin_data)
    )
    if args.fix or args.diff:
        fixed = _fix(args, linter, report, stdin_data)
        if args.diff:
            return _show_diff(report, fixed)
        if fixed:
            stdin_data = _write_fixed(args, fixed, stdin_data)
            report = _lint_files(args, linter, stdin_data)
        if stdin_data is not None:
            _write_stdout_bytes(stdin_data)
    workspace.check_selection()
    registry = workspace.registry
    if args.baseline or args.write_baseline:
        # Fingerprints need hashlib: imported only when a baseline is used.
        from ami_lint.baseline import apply_options

        args.baseline = apply_options(report, args.baseline, args.write_baseline)
    if report.suppression_warnings:
        from ami_lint.suppressions import print_warnings

        report.suppression_warnings = report.shown_warnings(args.warn_unused_suppressions)
        print_warnings(report.suppression_warnings, sys.stderr)

    for note in report.notes:
        if args.verbose or (note.always_shown and not (args.quiet and note.named_skip)):
            print(_line(f"{note.path}: {note.text}"), file=sys.stderr)
    if args.statistics:
        _emit(args, _statistics(args, report))
    elif args.fix and stdin_data is not None and not args.output:
        # Standard output holds the fixed text: the report goes to stderr.
        _write_stderr(_render(args, report, registry))  # type: ignore[arg-type]
    else:
        _emit(args, _render(args, report, registry, encoded=True))
    if args.format == "text" and not args.quiet and not (report.errors or report.input_errors):
        _say_clean(report)
    for error in report.errors:
        if args.debug:
            print(_lines(error.traceback), end="", file=sys.stderr)
        print(
            _line(
                f"ami-lint: {error.path}: internal error: {error.message}; rerun with --debug for a traceback"
            ),
            file=sys.stderr,
        )
    for message in report.input_errors:
        print(_line(f"ami-lint: error: {message}"), file=sys.stderr)
    if report.errors or report.input_errors or getattr(args, "write_failed", False):
        return 2
    if args.warn_unused_suppressions and report.suppression_warnings:
        from ami_lint.suppressions import warnings_fail

        if warnings_fail(report.suppression_warnings, workspace.fail_on):
            return 1
    if args.exit_zero:
        return 0
    return int(workspace.exit_code(d for d in report.diagnostics if not d.suppressed))


def _fix(args: argparse.Namespace, linter, report, stdin_data: bytes | None):  # type: ignore[no-untyped-def]
    from ami_lint.fixing import fix_paths, linted_paths

    paths = args.paths or ["."]
    stdin_name = args.stdin_filename or "-"
    linted = linted_paths(paths)
    return fix_paths(linter, report, args.unsafe_fixes, stdin_data, stdin_name, "-" in paths, linted)


def _show_diff(report, fixed) -> int:  # type: ignore[no-untyped-def]
    """`--diff`: the diff on stdout, a count on stderr; exit 1 when there is a
    diff, 0 when there is none, 2 on an error."""
    from ami_lint.fixing import unified_diff
    from ami_lint.formatters.text import plural

    _write_stdout("".join(unified_diff(f) for f in fixed))
    for error in report.errors:
        print(_line(f"ami-lint: {error.path}: internal error: {error.message}"), file=sys.stderr)
    for message in report.input_errors:
        print(_line(f"ami-lint: error: {message}"), file=sys.stderr)
    if fixed:
        count = sum(f.count for f in fixed)
        print(f"Would fix {plural(count, 'finding')} in {plural(len(fixed), 'file')}", file=sys.stderr)
    if report.errors or report.input_errors:
        return 2
    return 1 if fixed else 0


def _write_fixed(args: argparse.Namespace, fixed, stdin_data: bytes | None) -> bytes | None:  # type: ignore[no-untyped-def]
    """Each fixed file written (atomically); standard input's fixed text on
    stdout. Returns standard input's text as fixed, to lint what remains."""
    from ami_lint.atomic import WriteError
    from ami_lint.fixing import write
    from ami_lint.formatters.text import plural

    written = []
    for f in fixed:
        if f.stdin:
            stdin_data = f.after
            written.append(f)
            continue
        try:
            write(f)
        except WriteError as exc:  # this file stays as it was; the others are written
            args.write_failed = True
            print(_line(f"ami-lint: error: {exc}"), file=sys.stderr)
            continue
        written.append(f)
    if not args.quiet and written:
        count = sum(f.count for f in written)
        print(f"Fixed {plural(count, 'finding')} in {plural(len(written), 'file')}", file=sys.stderr)
    return stdin_data


def _statistics(args: argparse.Namespace, report) -> str:  # type: ignore[no-untyped-def]
    """`--statistics`: one line per rule, most findings first (`--format json`: a list)."""
    counts: dict[tuple[str, str], int] = {}
    fixable: dict[str, int] = {}
    for d in report.diagnostics:
        if d.suppressed:
            continue
        counts[(d.rule, d.name)] = counts.get((d.rule, d.name), 0) + 1
        if d.fix is not None and (d.fix.safe or args.unsafe_fixes):
            fixable[d.rule] = fixable.get(d.rule, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    if args.format == "json":
        import json

        rows = [
            {"rule": rule, "name": name, "count": count, "fixable": fixable.get(rule, 0)}
            for (rule, name), count in ordered
        ]
        return json.dumps(rows, indent=2) + "\n"
    if not ordered:
        return ""
    width = max(len(str(count)) for count in counts.values())
    lines = [
        f"{count:>{width}}  {rule}  {'[*]' if fixable.get(rule) else '   '}  {_lines(name)}"
        for (rule, name), count in ordered
    ]
    return "\n".join(lines) + "\n"


def _write_stderr(text: str) -> None:
    if text:
        sys.stderr.write(text)
        sys.stderr.flush()


def _write_stdout_bytes(data: bytes) -> None:
    """Bytes as they are on standard output (the fixed text of standard input)."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    try:
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:
            sys.stdout.write(data.decode("utf-8", errors="replace"))
            sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        _stdout_failed(exc)


def _say_clean(report) -> None:  # type: ignore[no-untyped-def]
    """A run without findings says so, in one line on stderr, to a person at a
    terminal; a pipe or a file gets nothing (an empty report is the answer)."""
    if any(not d.suppressed for d in report.diagnostics) or not sys.stdout.isatty():
        return
    from ami_lint.formatters.text import plural

    if report.files:
        print(f"No problems found in {plural(report.files, 'file')}", file=sys.stderr)
    else:
        print("No register-image request found: nothing was linted", file=sys.stderr)


def _lint_option(args: argparse.Namespace, linter):  # type: ignore[no-untyped-def]
    from ami_lint.cliargs import member_for_option, value_options
    from ami_lint.report import Report

    member = member_for_option(args.shorthand)
    if member is None:
        choices = ", ".join(sorted(value_options()))
        raise UsageError(
            f"--shorthand: {args.shorthand!r} is not a register-image option taking a value ({choices})"
        )
    if args.paths in ([], ["-"]):
        data = _read_stdin()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UsageError(f"standard input is not UTF-8 text (byte {exc.start})") from exc
        text = text[:-1] if text.endswith("\n") else text
    else:
        text = "\n".join(args.paths)
    name = args.stdin_filename or f"<--{args.shorthand.lstrip('-')}>"
    return Report(linter.lint_option(member, text, name), files=1)


def _lint_files(args: argparse.Namespace, linter, stdin_data: bytes | None = None):  # type: ignore[no-untyped-def]
    paths = args.paths or ["."]
    stdin_name = args.stdin_filename or "-"
    if "-" in paths:
        if stdin_data is None:
            stdin_data = _read_stdin()
    elif args.stdin_filename:
        raise UsageError("--stdin-filename needs '-' among the paths")
    from ami_lint.parallel import lint_paths

    ahead = None
    if args.format == "text" and args.jobs != 1 and not args.statistics:
        from ami_lint.formatters.text import Ahead

        # The workers render the findings they make (`--jobs`).
        ahead = args.ahead = Ahead(_colour(args), args.unsafe_fixes)
    return lint_paths(linter, paths, stdin_data, stdin_name, args.jobs, ahead)


def _read_stdin() -> bytes:
    """Standard input, up to one byte more than `--max-file-size`."""
    from ami_lint.files import DETECTION_BYTES, InputError
    from ami_lint.readers import read_limits

    if sys.stdin is None:  # started with `<&-`
        raise InputError("-: standard input is closed")
    try:
        return sys.stdin.buffer.read(max(read_limits().max_file_size + 1, DETECTION_BYTES))
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        raise InputError(f"-: cannot read standard input: {reason}") from None


def _render(args: argparse.Namespace, report, registry, encoded: bool = False) -> str | bytes:  # type: ignore[no-untyped-def]
    """The report in `args.format`; `encoded`: the text report may be its
    UTF-8 bytes (`formatters.text.render_encoded`), for `_emit`."""
    from ami_lint.diagnostics import REPORT_BYTES_PER_CHAR, REPORT_FREE_BYTES, shown

    # Bounded output: a file whose findings would print far more than the
    # file holds lists the first ones; the exit code still counts them all.
    diagnostics, left_out = shown(report.diagnostics)
    if left_out:
        from ami_lint.records import replace

        budget = (
            f"{REPORT_BYTES_PER_CHAR} bytes per character of the file, and {REPORT_FREE_BYTES // 1024} KB"
        )
        for path, count in sorted(left_out.items()):
            shown_up_to = f"a report lists a file's findings up to about {budget}"
            print(_line(f"{path}: {count} more finding(s) not shown: {shown_up_to}"), file=sys.stderr)
        report = replace(report, diagnostics=diagnostics)

    if args.format == "text":
        from ami_lint.formatters import text as text_format

        return (text_format.render_encoded if encoded else text_format.render)(
            report,
            colour=_colour(args),
            summary=not args.quiet,
            unsafe=args.unsafe_fixes,
            urls=_rule_pages(report, registry),
            ahead=getattr(args, "ahead", None),
        )
    if args.format == "sarif":
        from ami_lint.formatters import sarif

        return sarif.render(report, registry, baseline=bool(args.baseline))
    module = "json_format" if args.format == "json" else args.format
    from importlib import import_module

    return str(import_module(f"ami_lint.formatters.{module}").render(report))


def _rule_pages(report, registry) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The page of each built-in rule the report names (a rule of a rules
    folder has none of ours)."""
    from ami_lint.registry import builtin_registry
    from ami_lint.rule_ids import rule_page

    builtin = builtin_registry()
    ids = {d.rule for d in report.diagnostics}
    return {i: rule_page(i) for i in ids if registry.get(i) is not None and builtin.get(i) is registry.get(i)}


def _colour(args: argparse.Namespace) -> bool:
    if args.color != "auto":
        return bool(args.color == "always")
    if args.output or os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def _emit(args: argparse.Namespace, text: str | bytes) -> int:
    """The report on standard output, or whole in `--output` (`ami_lint.atomic`:
    never truncated, never through a symbolic link). `text` may be its UTF-8
    already (a text report of `--jobs`: every character encodable, as
    `backslashreplace` would write them)."""
    if args.output:
        from ami_lint.atomic import WriteError, write_whole

        data = text if type(text) is bytes else text.encode("utf-8", errors="backslashreplace")  # type: ignore[union-attr]
        try:
            write_whole(args.output, data, special=True)
        except WriteError as exc:
            raise UsageError(str(exc)) from None
    else:
        _write_stdout(text)
    return 0


# The names of UTF-8 a text stream may give.
_UTF8 = ("utf-8", "utf8", "utf_8")


def _write_stdout(text: str | bytes) -> None:
    """`text` on standard output; UTF-8 bytes are written as they are where
    standard output is a descriptor that writes UTF-8 (as encoding their
    text would), decoded first elsewhere."""
    stream: TextIO = sys.stdout
    try:
        fd = stream.fileno() if os.name == "posix" else None
    except (AttributeError, OSError, ValueError):  # not a file: closed, or a test's capture
        fd = None
    if type(text) is bytes and (fd is None or (stream.encoding or "utf-8").lower() not in _UTF8):
        text = text.decode("utf-8")
    try:
        if fd is None:
            stream.write(text)  # type: ignore[arg-type]
            stream.flush()
        else:
            # Straight to the descriptor: a buffered stream that meets a full
            # file system part-way through can drop the rest without an error.
            stream.flush()
            if isinstance(text, str):
                text = text.encode(stream.encoding or "utf-8", stream.errors or "strict")
            view = memoryview(text)
            while view:
                view = view[os.write(fd, view) :]
    except BrokenPipeError:
        raise
    except OSError as exc:
        _stdout_failed(exc)


def _list_rules(registry, fmt: str) -> str:  # type: ignore[no-untyped-def]
    rules = list(registry)
    if fmt == "json":
        import json

        listing = json.dumps(
            [
                {"id": r.id, "name": r.name, "severity": str(r.severity), "summary": r.summary,
                 "default_enabled": r.default_enabled, "references": list(r.reference_urls)}
                for r in rules
            ],
            indent=2, ensure_ascii=False,
        )  # fmt: skip
        from ami_lint.printable import json_safe

        # A data rule of a configuration in the linted tree is untrusted text.
        return json_safe(listing) + "\n"
    width = max(len(r.name) for r in rules)
    lines = []
    for r in rules:
        off = "  (off by default)" if not r.default_enabled else ""
        lines.append(f"{r.id}  {r.name:<{width}}  {r.severity!s:<7}  {r.summary}{off}")
    return _lines("\n".join(lines)) + "\n"


def _explain(registry, rule_id: str) -> int:  # type: ignore[no-untyped-def]
    rule = registry.get(rule_id.strip().upper()) or registry.get(rule_id.strip())
    if rule is None:
        raise UsageError(f"unknown rule {rule_id!r} (see `ami-lint --list-rules`)")
    header = f"# {rule.id} {rule.name}\n\n{rule.summary}\n\nDefault severity: {rule.severity}"
    if not rule.default_enabled:
        header += " (off by default)"
    _write_stdout(_lines(f"{header}\n\n{rule.docs.markdown}") + "\n")
    return 0
