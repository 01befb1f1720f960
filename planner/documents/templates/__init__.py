"""Jinja2 templates of the human-facing documents (autoescaped HTML)."""

from __future__ import annotations

from functools import cache

import jinja2


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("planner.documents", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


FONT_SLOT = "/*embedded-font*/"


def render_with_font(template_name: str, **context: object) -> str:
    """Render a template whose ``<style>`` holds :data:`FONT_SLOT`, with the page's glyphs inlined there."""
    return with_shared_font([environment().get_template(template_name).render(**context)])[0]


def with_shared_font(pages: list[str]) -> list[str]:
    """Fill :data:`FONT_SLOT` of every page with one font subset covering them all (one subsetting run)."""
    from planner.documents.fonts import embedded_font_face

    face = embedded_font_face("".join(pages))
    return [page.replace(FONT_SLOT, face, 1) for page in pages]
