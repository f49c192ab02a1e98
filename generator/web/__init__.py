"""The local web page for teachers: pick a lesson and a grade, preview, print.

In: the project's folders (lessons, articles, output). Out: an ASGI app
(`app.create_app`) that lists the library, builds documents on demand with the
same incremental engine as `make pdfs`, and serves only files under the output
and lessons folders. `python -m generator serve` runs it.
"""
