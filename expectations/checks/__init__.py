"""The gate's checks, one module per family (within_table, two_sided, cross_table, narrative,
projects), declared in ``registry``."""
