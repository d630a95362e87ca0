"""Writes of the front office, one module per area (DESIGN.md 1): keyword-only functions,
each one transaction that audits what it changed."""
