"""Live preview: a warm process that rebuilds what a saved file touched.

scope.py maps changed files to the lessons to rebuild; queue.py coalesces
saves; loop.py runs the same incremental build on each batch; files.py watches
the folders with watchfiles.
"""
