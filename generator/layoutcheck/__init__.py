"""The layout check: built PDFs read back (pdfpages.py), the rules a printed page keeps
(rules.py), and the report with the page-fill table (report.py)."""
