"""Computation over a loaded plan: checks, progress, indicators, tasks, agencies, comparison."""
