"""Actions: one module per user action that writes the data folder (or makes a new one)."""
