"""The `budgetwatch` command line.

Each step's commands live in their own module and register themselves here; heavy
imports (prefect, great-expectations, scikit-learn) happen inside the commands so that
`budgetwatch parse` and `--help` start fast.
"""

from __future__ import annotations

import typer

from budgetwatch.cli import (
    cmd_evaluate,
    cmd_parse,
    cmd_pipeline,
    cmd_report,
    cmd_review,
    cmd_synth,
)

app = typer.Typer(
    name="budgetwatch",
    help=(
        "Read departmental budget disclosures (部门预算/决算信息公开), normalise them into one "
        "schema, check their accounting identities, compare departments across years and "
        "flag what is wrong or strange."
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_show_locals=False,
)

for module in (cmd_parse, cmd_synth, cmd_pipeline, cmd_review, cmd_evaluate, cmd_report):
    module.register(app)

if __name__ == "__main__":
    app()
