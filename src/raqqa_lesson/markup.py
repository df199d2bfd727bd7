"""The one way the library writes HTML by hand: ``element`` escapes every text it is given, so
text from a data package can never become markup; only what ``element`` (or ``Markup`` around a
constant written in this code) made passes through unescaped.

Tables a notebook shows once go through pandas' Styler (``show.Table``); everything else, such as
an explorer's panel or the printed handout, is built from ``element``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

VOID = {"br", "col", "hr", "img", "input", "meta"}
"""Elements HTML writes with no closing tag and no content."""


class Markup(str):
    """HTML that is already safe: made by ``element``, or a constant written in the code."""


def escaped(part: object) -> Markup:
    """``part`` as HTML: markup as it is, anything else as escaped text."""
    return part if isinstance(part, Markup) else Markup(html.escape(str(part)))


def join(parts: Iterable[object]) -> Markup:
    """The parts one after another, each escaped unless it is already markup (a single string
    is one part, not its characters)."""
    if isinstance(parts, str):
        return escaped(parts)
    return Markup("".join(escaped(part) for part in parts))


WEB_ADDRESS = re.compile(r"https?://[^\s<>\"'()\[\]]+")
"""A web address a lesson may link to: http or https, with no character that could end a link in
HTML or Markdown (a package's own schema cannot loosen this)."""


def is_web_address(address: object) -> bool:
    return isinstance(address, str) and WEB_ADDRESS.fullmatch(address) is not None


def link(text: object, address: object) -> Markup:
    """A link to ``address`` if it is a plain http(s) address; otherwise the text alone (and the
    address as text), so a ``javascript:`` address never becomes a link."""
    if is_web_address(address):
        return element("a", text, href=address)
    return join([text, f" ({address})" if address else ""])


def element(tag: str, *children: object, **attributes: object) -> Markup:
    """``<tag attributes>children</tag>``, every text and attribute value escaped.

    An attribute's name is its keyword, with ``_`` for ``-`` and a trailing ``_`` dropped
    (``class_="box"``, ``aria_label="table"``); None leaves the attribute out.
    """
    named = "".join(f' {name.rstrip("_").replace("_", "-")}="{html.escape(str(value))}"'
                    for name, value in attributes.items() if value is not None)
    if tag in VOID:
        if children:
            raise ValueError(f"<{tag}> takes no content")
        return Markup(f"<{tag}{named}>")
    return Markup(f"<{tag}{named}>{join(children)}</{tag}>")
