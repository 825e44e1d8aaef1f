"""`python -m tf1lint` is the `tf1lint` command."""

from tf1lint.cli.main import run_main

run_main()
