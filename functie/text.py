"""Text for documents: what Word (XML 1.0) accepts, and plain lines to paragraphs and bullets."""

import re

# XML 1.0 allows tab, line feed, carriage return and everything from U+0020 except the surrogates
# and U+FFFE/U+FFFF; python-docx refuses the rest ("All strings must be XML compatible").
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean_text(text: str) -> str:
    """The text without the characters Word does not accept, with plain line ends."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def blocks(text: str) -> list[tuple[str, str]]:
    """Typed text as ("p", paragraph) and ("li", bullet) blocks: a line starting with "- ", "– " or
    "• " is a bullet, blank lines separate paragraphs, other lines join their paragraph."""
    result: list[tuple[str, str]] = []
    paragraph: list[str] = []

    def flush():
        if paragraph:
            result.append(("p", " ".join(paragraph)))
            paragraph.clear()

    for line in clean_text(text).split("\n"):
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped[:2] in ("- ", "– ", "• "):
            flush()
            result.append(("li", stripped[2:].strip()))
        else:
            paragraph.append(stripped)
    flush()
    return result
