"""A Japanese font for HTML documents, subset to the page's characters and inlined.

The report and notices must read the same on a machine without Japanese fonts
(a fresh server, a headless browser) and must fetch nothing.  IPAexGothic ships
with ``matplotlib-fontja`` (already used for the charts); fontTools (a
matplotlib dependency) cuts it down to the glyphs a page uses, so the page
carries ~100 kB of font instead of 4 MB.  The embedded face is the last
fallback: a reader's own Japanese fonts win.
"""

from __future__ import annotations

import base64
import io
from functools import cache
from pathlib import Path

FONT_FAMILY = "PlannerGothic"


@cache
def _font_path() -> Path | None:
    try:
        import matplotlib_fontja
    except ImportError:
        return None
    path = Path(matplotlib_fontja.__file__).parent / "fonts" / "ipaexg.ttf"
    return path if path.is_file() else None


def embedded_font_face(text: str) -> str:
    """A CSS ``@font-face`` rule holding the glyphs of ``text`` ("" if no font is at hand)."""
    path = _font_path()
    if path is None:
        return ""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # keep the licence and copyright names (IPA Font License 1.0)
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text + "0123456789")
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url(data:font/woff;base64,{data}) format("woff"); }}'
