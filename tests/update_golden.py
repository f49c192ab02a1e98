"""Rewrite tests/golden/*.html from the current templates and composers.

Run after an intended change (`make golden`), then review `git diff tests/golden`.
"""

from __future__ import annotations

from tests.test_golden import GOLDEN, composed_html, golden_path


def main() -> int:
    GOLDEN.mkdir(exist_ok=True)
    for old in GOLDEN.glob("*.html"):
        old.unlink()
    for kind, html in composed_html().items():
        path = golden_path(kind)
        path.write_text(html, encoding="utf-8")
        print(f"wrote   {path.relative_to(GOLDEN.parent.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
