"""Sentences the narrative repeats — a sign of text pasted twice (reported, not judged here).

Clauses are compared after NFKC and space removal, so "," and "，" or wrap spaces do not hide
a repeat; short clauses ("与上年一致") repeat legitimately and are ignored, and so are headings
(a table of contents prints every section heading a second time: 第一部分2026年度部门预算情况说明).
"""

from __future__ import annotations

import re
import unicodedata

from budgetwatch.transforms.ir import Finding, Paragraph
from budgetwatch.transforms.text_reader import is_heading

MIN_CLAUSE_CHARS = 15
_CLAUSE_END = re.compile(r"[。；;,!?！？]")
_SPACES = re.compile(r"\s+")
_LIST_PREFIX = re.compile(r"^[-*\s]*(?:[（(][一二三四五六七八九十]+[)）]|\d+[、.．])?\s*")


def repeated_sentences(paragraphs: list[Paragraph]) -> list[Finding]:
    """One info finding per clause of ≥ MIN_CLAUSE_CHARS that already appeared earlier."""
    first_seen: dict[str, int] = {}
    reported: set[tuple[str, int]] = set()
    findings = []
    for para in paragraphs:
        if is_heading(para.text.strip()):
            continue
        text = unicodedata.normalize("NFKC", para.text).replace("*", "")
        start = 0
        for end_match in [*_CLAUSE_END.finditer(text), None]:
            end = end_match.start() if end_match else len(text)
            # a clause is never longer than its printed text: a short one is not cleaned
            clause = "" if end - start < MIN_CLAUSE_CHARS else text[start:end]
            clause = _LIST_PREFIX.sub("", _SPACES.sub("", clause))
            if len(clause) < MIN_CLAUSE_CHARS:
                start = end + 1
                continue
            line, _ = para.locate(start)
            start = end + 1
            if clause in first_seen and (clause, line) not in reported:
                reported.add((clause, line))
                findings.append(
                    Finding(
                        "repeated_sentence",
                        "info",
                        f"the narrative repeats '{clause}' (first at line {first_seen[clause]})",
                        "",
                        "",
                        line,
                    )
                )
            else:
                first_seen.setdefault(clause, line)
    return findings
