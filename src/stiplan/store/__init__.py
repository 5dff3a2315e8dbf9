"""Files: safe YAML reading, the data folder, git revisions, minimal-diff edits, atomic writes."""
