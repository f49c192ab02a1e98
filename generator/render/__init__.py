"""RENDER: a document value -> HTML (Jinja2 templates in generator/layouts) -> PDF (WeasyPrint)."""
