"""Classification catalogue data files (CSV), loaded by transforms.catalogue."""
