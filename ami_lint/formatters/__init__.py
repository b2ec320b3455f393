"""Formatters: pure functions from a report and rule metadata to text."""

from __future__ import annotations

FORMATS = ("text", "json", "sarif", "github", "editor")
