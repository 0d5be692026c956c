"""How long a text message is on the network: GSM-7 or UCS-2, and how many parts.

A text in the GSM 03.38 alphabet (which has å, ä, ö, Å, Ä, Ö) takes 160 characters in one
part and 153 per part when split; the extension characters (€, [, ], ~, …) count twice. One
character outside it makes the whole text UCS-2: 70 in one part, 67 per part when split.
"""

from __future__ import annotations

GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("^{}\\[~]|€\f")


def is_gsm(text: str) -> bool:
    return all(char in GSM_BASIC or char in GSM_EXTENSION for char in text)


def length(text: str) -> int:
    """Septets (GSM-7) or UTF-16 code units (UCS-2) the text takes."""
    if is_gsm(text):
        return sum(2 if char in GSM_EXTENSION else 1 for char in text)
    return len(text.encode("utf-16-le")) // 2


def segments(text: str) -> int:
    """How many SMS parts the text is sent in (1 for the empty text)."""
    single, part = (160, 153) if is_gsm(text) else (70, 67)
    size = length(text)
    return 1 if size <= single else -(-size // part)
