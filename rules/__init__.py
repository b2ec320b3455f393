"""The built-in rule set: one file per rule, loaded by `ami_lint.registry`."""
