"""YAML input as the AWS CLI v2 reads `--cli-input-yaml`: ruamel.yaml, safe, YAML 1.2.

The parser's events are composed here, iteratively, instead of by ruamel's
composer and constructor: the composer recurses (a deep document would exhaust
the stack), forgets where each alias was written, and its tree would have to be
converted afterwards anyway. Tags are resolved by ruamel's own resolver and
scalars of the standard tags are converted by ruamel's own `SafeConstructor`
methods, so values are exactly what `YAML(typ='safe', pure=True).load` returns.
Nothing is ever constructed from any other tag.

ruamel's pure-Python scanner is slow, so the events come from libyaml (PyYAML's
C parser) whenever it surely reads the text as ruamel does: no directive, no
character or construct where YAML 1.1 and 1.2 or the two parsers differ, no
error (ruamel gives its own message and place). Otherwise ruamel reads it
again. Either way the events go through the same code (`yaml_events`), and a test
compares the two on generated and real inputs.

Where a value differs from what the safe loader would return, on purpose:

- `!!timestamp` (also implicit: `2024-01-01`) stays the string as written; the
  loader makes a `date`, which the CLI then rejects for any string parameter.
  It is still checked, so an impossible date is reported as the loader fails on it.
- `!!binary` stays the base64 text as written (the loader makes `bytes`).
- `!!set`, `!!omap` and `!!pairs` keep the shape they were written in (a mapping
  of nulls, a sequence of one-entry mappings).
- A complex key (a mapping or sequence used as a key) is reported and its entry
  left out: a request has no such key.
"""

from __future__ import annotations

from ami_lint.readers import ReadResult, read_limits
from ami_lint.readers.yaml_events import MAX_DEPTH, RULE
from ami_lint.readers.yaml_libyaml import _Fallback, _fast_candidate, _LibyamlEvents, _Slow
from ami_lint.readers.yaml_ruamel import _RuamelEvents
from ami_lint.source import Source

__all__ = ["MAX_DEPTH", "RULE", "read_yaml"]

# The parts, by what they do: `yaml_events` composes the events into nodes
# (and makes the findings), `yaml_libyaml` and `yaml_ruamel` are the two
# parsers that produce them, `yaml_scalars` resolves and converts scalars as
# YAML 1.2, and `yaml_text_map` maps a scalar's value to its written text.


def read_yaml(
    source: Source,
    *,
    max_aliases: int | None = None,
    max_depth: int | None = None,
    max_alias_nodes: int | None = None,
) -> ReadResult:
    """Every document of a YAML stream as our nodes, with findings (rule AMI002).

    The limits default to those in force (`ami_lint.readers.read_limits`)."""
    limits = read_limits()
    return _Reader(
        source,
        limits.max_aliases if max_aliases is None else max_aliases,
        max_depth or limits.max_depth or MAX_DEPTH,
        max_alias_nodes=limits.max_alias_nodes if max_alias_nodes is None else max_alias_nodes,
    ).read()


class _Reader(_LibyamlEvents, _RuamelEvents):
    # Whether `_read_direct` is tried first (the tests turn it off to compare),
    # and whether it read the stream.
    direct = True
    read_directly = False

    def read(self) -> ReadResult:
        if self.fast and _fast_candidate(self.text):
            if self.direct:
                try:
                    self._read_direct()
                except (_Slow, _Fallback):
                    self._reset()
                else:
                    self.parser = "libyaml"
                    self.read_directly = True
                    return self.result
            try:
                self._read_libyaml()
            except _Fallback:
                self._reset()
            else:
                if not self.complex_key:
                    self.parser = "libyaml"
                    return self.result
                # After a complex key (`? \r\n- `) the two place the end of
                # the mapping differently: ruamel, whose places the rest of
                # the reader follows, says. Such a document is rare.
                self._reset()
        self._read_ruamel()
        self.parser = "ruamel"
        return self.result
