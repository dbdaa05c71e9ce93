"""The languages of a public page: its address in each (the language menu, the
`hreflang` links) and the one its reader's browser prefers, when that is another.

English is at the unprefixed address, every other language of settings.LANGUAGES
under its code (icor_registry/urls.py). A page's address in another language is its
own with the prefix changed and its query kept, worked out without resolving or
reversing anything: the path after the prefix is the same in every language.
"""

from functools import cache

from django.conf import settings
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation.trans_real import parse_accept_lang_header

from .links import page_link

# Offered, in the offered language, to a reader whose browser prefers it.
# Translators: say that this page is also available in YOUR language, naming your
# language, e.g. German: "Diese Seite gibt es auch auf Deutsch."
OFFER = gettext_noop("This page is also available in English.")


def prefix(language):
    """The part of the path before a page's own: "" for English, "de/" for German."""
    return "" if language == settings.LANGUAGE_CODE else f"{language}/"


def unprefixed(path, language):
    """`path` (a request's path_info) without the prefix of `language`."""
    head = f"/{prefix(language)}"
    return path[len(head) - 1:] if path.startswith(head) else path


def is_translated_page(request):
    """Whether `request` is for a public page, which exists in every language."""
    match = request is not None and getattr(request, "resolver_match", None)
    return bool(match) and match.namespace == "members"


def preferred_language(request):
    """The first language of settings.LANGUAGES that the browser asks for
    (Accept-Language, best first), or None when it asks for none of them."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _ in parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


@cache
def offer_sentence(language):
    """The offer in `language`, or None while its catalogue does not say it yet (an
    English sentence would then offer German)."""
    with translation.override(language):
        sentence = gettext(OFFER)
    if sentence == OFFER and language != "en":
        return None
    return sentence


def offered_language(request):
    """The language to offer the reader of this public page: the one their browser
    prefers, if it is another than the page's and its catalogue says the offer."""
    preferred = preferred_language(request)
    if preferred is None or preferred == get_language() or not offer_sentence(preferred):
        return None
    return preferred


def page_languages(request):
    """The page in every language, each a dict: code, name (in itself), dir, path (with
    the query, for the menu), url (absolute, for `hreflang`), current; and the offer
    (one of them, or None).

    A page that is not a public page in every language (an error page, one rendered
    without a request) links the overview in each language and offers none.
    """
    current = get_language()
    translated = is_translated_page(request)
    if translated:
        page = unprefixed(request.path_info, current).lstrip("/")
        query = iri_to_uri(request.META.get("QUERY_STRING", ""))
        script = get_script_prefix()
    languages = []
    for code, name in settings.LANGUAGES:
        if translated:
            path = f"{script}{prefix(code)}{page}" + (f"?{query}" if query else "")
        else:
            with translation.override(code):
                path = page_link("overview")
        languages.append({
            "code": code,
            "name": name,
            "dir": "rtl" if translation.get_language_info(code)["bidi"] else "ltr",
            "path": path,
            "url": request.build_absolute_uri(path) if translated else path,
            "current": code == current,
        })
    offer = None
    if translated:
        offered = offered_language(request)
        if offered:
            offer = next(language for language in languages if language["code"] == offered)
            offer = {**offer, "sentence": offer_sentence(offered)}
    return {
        "all": languages,
        "current": next((language for language in languages if language["current"]), languages[0]),
        "translated": translated,
        "offer": offer,
        "default_url": languages[0]["url"],
    }
