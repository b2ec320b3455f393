"""ACME's rule pack for ami-lint: one rule per file in this folder, as in ami-lint's own `rules/`."""
