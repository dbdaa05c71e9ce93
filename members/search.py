"""Search folding: one `fold()` for what is stored and for what is typed."""

import re
import unicodedata

# Letters that carry no combining mark to drop, so NFKD leaves them alone.
_LETTERS = str.maketrans(
    {
        "ı": "i",  # Turkish dotless i
        "ł": "l",
        "đ": "d",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ħ": "h",
    }
)
# Apostrophes and quotes: typed straight, printed curly. The acute accent (´) is
# here because NFKD would otherwise turn it into a space and a combining mark.
_APOSTROPHES = "\u2019\u2018\u201b\u02bc\u02b9\u00b4\u0060\u2032"
_QUOTES = "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u2033"
# Hyphens and dashes: hyphen, non-breaking hyphen, figure dash, en, em, minus.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_PUNCTUATION = str.maketrans(
    {**{c: "'" for c in _APOSTROPHES}, **{c: '"' for c in _QUOTES}, **{c: "-" for c in _DASHES}}
)
_SPACES = re.compile(r"\s+")


def fold(text):
    """Return `text` in the form the registry compares for search.

    Case-folded, accents dropped (NFKD without combining marks), dotless ı as i,
    every apostrophe as ', every dash as -, runs of white space as one space.
    "Côte d’Ivoire" and "cote d'ivoire" fold alike; so do "TİKB" and "tikb".
    """
    if not text:
        return ""
    text = text.translate(_PUNCTUATION).casefold().translate(_LETTERS)
    text = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )
    return _SPACES.sub(" ", text).strip()


def search_terms(query):
    """Split a typed query into folded words; a record must contain every one."""
    return [term for term in fold(query).split(" ") if term]


def slug_text(text):
    """ASCII slug text from any name: folded, non-alphanumerics as single hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
