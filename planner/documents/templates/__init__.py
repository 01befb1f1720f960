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
    from planner.documents.fonts import embedded_font_face

    html = environment().get_template(template_name).render(**context)
    return html.replace(FONT_SLOT, embedded_font_face(html), 1)
