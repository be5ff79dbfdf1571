"""Reading a page as a person would: its words, not its markup.

Random tokens (CSRF, private links) sit in attributes; a short name like "Ana" can turn up
inside one by chance, so "is this name shown?" must be asked of the text alone."""

from html import unescape

from django.utils.html import strip_tags


def visible_text(html: str | bytes) -> str:
    if isinstance(html, bytes):
        html = html.decode()
    return unescape(strip_tags(html))
