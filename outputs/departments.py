"""Which department a user means: ``region|code``, a code, or a name.

A department is its region plus its code (``元氏县|593``), or its region plus its name where
the template prints no code (``上海市|name:上海市财政局``): two counties' code 593 are two
departments. A bare code or name that fits several is ambiguous; one that fits none is
unknown; either answer lists what the user may have meant.
"""

from __future__ import annotations

import difflib

import polars as pl

from budgetwatch.contract.schema import department_key


class DepartmentError(ValueError):
    """An ambiguous or unknown department; the message lists candidates."""


def departments(documents: pl.DataFrame) -> pl.DataFrame:
    """One row per department: key, region, code, latest name and every name it had."""
    docs = documents.with_columns(department_key=department_key())
    return (
        docs.group_by("department_key")
        .agg(
            pl.col("region").first(),
            pl.col("department_code").first().alias("code"),
            pl.col("department_name").sort_by("fiscal_year").drop_nulls().last().alias("name"),
            pl.col("department_name").drop_nulls().unique().alias("names"),
        )
        .sort("department_key")
    )


def label(row: dict) -> str:
    """``元氏县|593 元氏县交通运输局``: what the user can type, then the name."""
    return " ".join(x for x in (row["department_key"], row["name"] if row["code"] else None) if x)


def resolve(documents: pl.DataFrame, text: str) -> str:
    """The department_key ``text`` names: a key, ``region|code``, ``region|name``, a code or
    a name (any year's). DepartmentError when it names several or none."""
    table = departments(documents)
    text = text.strip()
    region, _, who = text.rpartition("|")
    who = who.removeprefix("name:")
    hit = (pl.col("code") == who) | pl.col("names").list.contains(who)
    if region:
        hit &= pl.col("region") == region
    found = table.filter((pl.col("department_key") == text) | hit)
    if found.height == 1:
        return found["department_key"][0]
    rows = list(table.iter_rows(named=True))
    if found.height > 1:
        listed = [label(r) for r in found.iter_rows(named=True)]
        raise DepartmentError(
            f"department {text!r} is ambiguous: did you mean "
            + "; ".join(listed)
            + " (give region|code)"
        )
    words = {w: label(r) for r in rows for w in (r["department_key"], r["code"], *r["names"]) if w}
    close = difflib.get_close_matches(who or text, list(words), n=5, cutoff=0.5)
    hint = ("; did you mean " + "; ".join(dict.fromkeys(words[w] for w in close))) if close else ""
    raise DepartmentError(
        f"no department {text!r} in the store{hint}; departments are "
        "listed in `budgetwatch summary` (region|code, or a name)"
    )
