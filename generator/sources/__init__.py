"""READ: a source page (articles/<id>.txt + <id>.yaml) -> Article (sections, infobox, captions)."""
