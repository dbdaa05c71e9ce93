"""Middleware that costs a public page only what a public page needs.

Most requests are anonymous GETs of public pages. Three pieces of middleware did work on
each of them that only matters elsewhere; each one here is the library's own, run where
it matters and skipped, unchanged in effect, everywhere else:

* the Content-Security-Policy is the same string for every answer, so it is built once
  per process instead of twice (policy and report-only) per request;
* messages are only ever added and shown in the admin;
* the edit history needs the request only to name the editor of a write, and GET and
  HEAD never write.

One more is Django's own, with one change (`LocaleMiddleware`): the admin speaks the
editor's language, not the public pages' default.

Sessions and authentication stay on every request: a public page asks whether the
visitor is signed in (an editor gets answers that are never stale), and without a
session cookie Django answers that without reading the session table.
"""

import http.client
from functools import cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware
from django.middleware import locale
from django.urls import reverse
from django.utils import translation
from simple_history.middleware import HistoryRequestMiddleware

# Attributes through which a view changes its own answer's policy (django-csp's
# decorators); an answer that carries one has its policy built as usual.
POLICY_OVERRIDES = ("_csp_config", "_csp_update", "_csp_replace",
                    "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the settings' policy built once per process.

    An answer whose view overrides the policy, or a request that asked for a nonce, is
    left to django-csp, which builds its policy for that answer alone.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self.headers = [
            (header, build_policy(report_only=report_only), exempt,
             tuple((getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()))
            for header, report_only, exempt, name in (
                (HEADER, False, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
                (HEADER_REPORT_ONLY, True, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
            )
        ]

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in POLICY_OVERRIDES
        ):
            return super().process_response(request, response)
        debug_page = response.status_code in (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)
        if debug_page and settings.DEBUG:
            return response
        for header, policy, exempt, excluded in self.headers:
            if (policy and header not in response and not getattr(response, exempt, False)
                    and not request.path_info.startswith(excluded)):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header was written fails loudly.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


@cache
def admin_prefix():
    """The path under which the admin (every editor's page) is served."""
    return reverse("admin:index")


class AdminMessageMiddleware(MessageMiddleware):
    """Django's messages, for the admin only: no public page adds or shows one, so a
    message left for an editor waits, untouched, for the next admin page either way."""

    def __call__(self, request):
        if request.path_info.startswith(admin_prefix()):
            return super().__call__(request)
        return self.get_response(request)


def WriteHistoryRequestMiddleware(get_response):  # noqa: N802 (named like the library's)
    """simple_history's request middleware, for requests that can write: it lets a
    history entry name the editor who made the change. GET and HEAD change nothing."""
    recording = HistoryRequestMiddleware(get_response)

    def middleware(request):
        if request.method in SAFE_METHODS:
            return get_response(request)
        return recording(request)

    return middleware


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, with the admin in the editor's language.

    A public page's language is its address's: English unprefixed, every other language
    under its code (`i18n_patterns`), never guessed from the browser, so that one address
    is one page for every cache. Django gives every unprefixed address the default
    language, the admin's too; the admin instead takes the language the editor's browser
    asks for (Accept-Language), which Django's own admin translations speak. Django adds
    `Vary: Accept-Language` to every answer at an unprefixed address.
    """

    def process_request(self, request):
        super().process_request(request)
        if request.path_info.startswith(admin_prefix()):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()
