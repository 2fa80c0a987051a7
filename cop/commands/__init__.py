"""The Typer command modules: thin faces over `cop.core.Cop`."""
