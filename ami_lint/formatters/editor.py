r"""`--format editor`: one line per diagnostic, for editors' error parsers.

    path:line:col:end_line:end_col: severity: RULE message [name] — hint

Lines and columns are 1-based, columns count code points, and the end column
is exclusive (the column just after the range), as in every ami-lint format.
`severity` is `error`, `warning` or `info`. Line breaks and other control
characters inside the path, the message or the hint are shown escaped (`\\n`,
`\\x1b`: `ami_lint.printable`), so each diagnostic is exactly one line, and no
line is a CI workflow command.
Suppressed findings are left out. Nothing else is printed: no summary.

Vim (8.2.4329 or later for `%e`/`%k`) and Neovim quickfix::

    set makeprg=ami-lint\ --format\ editor\ %
    set errorformat=%f:%l:%c:%e:%k:\ %t%*[a-z]:\ %m

that is, the errorformat `%f:%l:%c:%e:%k: %t%*[a-z]: %m`; `%t` takes the first
letter of the severity (`e`, `w`, `i`). Vim reads `%c` as a byte index, so on
a line with non-ASCII text before the range the column it jumps to is early.

Neovim with efm-langserver (`lintFormats` use the same errorformat; versions
that ignore `%e`/`%k` underline from the start column only)::

    languages = { json = { {
      lintCommand = "ami-lint --format editor --stdin-filename ${INPUT} -",
      lintStdin = true,
      lintIgnoreExitCode = true,
      lintFormats = { "%f:%l:%c:%e:%k: %t%*[a-z]: %m" },
    } } }

(the same entry for `yaml`; in efm-langserver's config.yaml the keys are
`lint-command`, `lint-stdin`, `lint-ignore-exit-code` and `lint-formats`).

Emacs `M-x compile` (END-COLUMN is inclusive in Emacs, hence the function;
set `compilation-error-screen-columns` to nil so that columns count characters,
as ami-lint's do, rather than screen columns)::

    (with-eval-after-load 'compile
      (add-to-list 'compilation-error-regexp-alist-alist
                   `(ami-lint
                     ,(rx bol (group (+? nonl)) ":" (group (+ digit)) ":" (group (+ digit))
                          ":" (group (+ digit)) ":" (group (+ digit))
                          ": " (or "error" (group "warning") (group "info")) ": ")
                     1 (2 . 4) (3 . (lambda () (1- (string-to-number (match-string 5)))))
                     (6 . 7)))
      (add-to-list 'compilation-error-regexp-alist 'ami-lint))
"""

from __future__ import annotations

from ami_lint.diagnostics import Diagnostic
from ami_lint.printable import no_commands, printable
from ami_lint.report import Report

VIM_ERRORFORMAT = "%f:%l:%c:%e:%k: %t%*[a-z]: %m"
HINT_SEPARATOR = " — "


def render_one(d: Diagnostic) -> str:
    start, end = d.start, d.end
    text = f"{d.rule} {d.message} [{d.name}]"
    if d.hint:
        text += f"{HINT_SEPARATOR}{d.hint}"
    location = f"{printable(d.path)}:{start.line}:{start.column}:{end.line}:{end.column}"
    return f"{location}: {d.severity}: {printable(text)}"


def render(report: Report) -> str:
    lines = [render_one(d) for d in report.diagnostics if not d.suppressed]
    return no_commands("".join(line + "\n" for line in lines))
