"""`python -m cop` runs the command line."""

from cop.cli import main

main()
