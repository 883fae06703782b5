"""The shared contract at the bottom of the house: every step imports it, it imports no step.

- ``contract.schema``: the per-document frames (Frames, conform, empty, department_key), the
  FLAGS schema, severities and document statuses;
- ``contract.stored``: the other tables the store writes (residuals, quarantine, manifest,
  the comparison step's derived tables);
- ``contract.tables``: table ids and the names of a table's summary rows.
"""
