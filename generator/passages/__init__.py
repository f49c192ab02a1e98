"""ADAPT and CHECK: Lesson x Level -> Passage (the text students read), with evidence,
glossary, event and readability checks."""
