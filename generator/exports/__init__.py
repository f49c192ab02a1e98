"""Exports into the tools teachers already use: LMS quizzes, vocabulary decks,
editable documents and printed class sets. One module per format; every export
is made from the document values generator/documents composes for the PDFs."""
