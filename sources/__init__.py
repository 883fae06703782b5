"""Sources: find input files and turn their bytes into text."""
