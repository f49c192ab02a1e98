"""Printable curriculum packs from encyclopedia articles."""

__version__ = "0.1.0"
