"""Accessibility checks of built PDFs (see check.py)."""
