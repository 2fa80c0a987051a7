"""Placeholder: the commands of this module are being written."""

import typer

app = typer.Typer()
top = typer.Typer()
