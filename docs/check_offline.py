"""Fail when a built page would fetch anything from the internet.

The documentation must work with no network (MathJax, styles and scripts all from ``_static``).
Links the reader may click (``<a href="https://...">``) are fine; what a page *loads* by itself
is not: scripts, stylesheets, images, frames, fonts and CSS ``@import``/``url()``.

Usage: ``python docs/check_offline.py docs/_build/html`` (``make docs`` runs it).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_TAG = re.compile(r"<(script|link|img|iframe|source|embed|object)\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""\b(src|href|data)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)""", re.I)
_CSS = re.compile(r"""(?:@import\s+|url\(\s*)["']?((?:https?:)?//[^"')\s]+)""", re.IGNORECASE)


def remote_loads(text: str, css: bool = False) -> list[str]:
    """The remote URLs a page (or, with ``css=True``, a stylesheet) loads by itself.

    >>> remote_loads('<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex.js"></script>')
    ['https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex.js']
    >>> remote_loads('<link rel="stylesheet" href="//cdnjs.cloudflare.com/a.css">')
    ['//cdnjs.cloudflare.com/a.css']
    >>> remote_loads('<a href="https://numpy.org/doc/">numpy</a><script src="_static/x.js">')
    []
    >>> remote_loads("body { background: url('https://example.org/bg.png') }", css=True)
    ['https://example.org/bg.png']
    """
    if css:
        return _CSS.findall(text)
    found = []
    for tag in _TAG.finditer(text):
        html = tag.group(0)
        if tag.group(1).lower() == "link" and re.search(r"rel\s*=\s*[\"']?canonical", html, re.I):
            continue
        found += [url for _, url in _ATTR.findall(html)]
    return found + _CSS.findall(text)


def main(root: str) -> int:
    base = Path(root)
    pages = sorted(base.rglob("*.html"))
    if not pages:
        print(f"check_offline: no HTML under {base}; build the docs first")
        return 1
    bad = []
    for path in pages:
        bad += [(path, url) for url in remote_loads(path.read_text(encoding="utf-8"))]
    for path in sorted(base.rglob("*.css")):
        bad += [(path, url) for url in remote_loads(path.read_text(encoding="utf-8"), css=True)]
    for path, url in bad:
        print(f"{path.relative_to(base)}: loads {url}")
    if bad:
        print(f"check_offline: {len(bad)} remote loads; the pages would break offline")
        return 1
    print(f"check_offline: {len(pages)} pages load nothing from the network")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/_build/html"))
