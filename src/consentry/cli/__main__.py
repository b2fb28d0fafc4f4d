"""`python -m consentry.cli`: the same as the `consentry` command."""

from consentry.cli import main

main()
