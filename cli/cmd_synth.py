"""Placeholder until this step's commands are written (owner: see docs/architecture.md)."""
import typer


def register(app: typer.Typer) -> None:
    pass
