"""The `courts` subcommands that wrap a warehouse function: each module has
`add_arguments(parser)` and `run(args) -> exit status`, and `pipelines/cli.py` mounts
them. Argument parsing, output formats and exit codes live here; the work they call lives
in `warehouse/` (which has no command-line code).
"""
