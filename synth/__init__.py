"""Corpus generator: departmental budget disclosures in the sample's template, with truth
and labeled anomalies (issue #3). See docs/synth.md."""

from budgetwatch.synth.corpus import (
    DEFAULT_ANOMALY_RATE,
    GENERATOR_VERSION,
    generate_corpus,
)

__all__ = ["generate_corpus", "GENERATOR_VERSION", "DEFAULT_ANOMALY_RATE"]
