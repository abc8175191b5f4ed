"""A bulletin's simple formatting, made safe by construction: the text is escaped first,
then only paragraphs, bulleted lists, bold and links to web addresses are added. Nothing a
writer types can become markup of its own (no script, no attribute, no other tag)."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_URL = re.compile(r"(https://[^\s<>&\"']+[^\s<>&\"'.,;:!?)])")


def _inline(text: str) -> str:
    html = escape(text)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    return _URL.sub(r'<a href="\1">\1</a>', html)


def bulletin_html(text: str) -> SafeString:
    """The bulletin body as HTML: blank lines part paragraphs; lines starting "- " are a
    bulleted list."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    out = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{_inline(line[2:])}</li>" for line in lines)
            out.append(f'<ul class="nhsuk-list nhsuk-list--bullet">{items}</ul>')
        else:
            out.append(f"<p>{'<br>'.join(_inline(line) for line in lines)}</p>")
    return mark_safe("".join(out))  # noqa: S308 - built from escaped text only
