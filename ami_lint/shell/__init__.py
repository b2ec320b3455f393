"""Shell scripts as input (`ami_lint.frontends.shell`).

`calls` finds the invocations, `words` decodes their words, `cmdline` reads
them as the CLI's argparse does, `requests` makes each a request.
"""
