"""Outputs: one module per view (status, show, report, tasks, diff, export, diagnostics), words and numbers in vi/en."""
