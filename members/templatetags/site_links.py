"""`{% link "name" %}`: the address of a public page, as `{% url "members:name" %}` gives
it, reversed once per process (see members/public/links.py). It needs no context, so
the error pages use it too.

`{% page_languages as languages %}`: this page in every language, for the language menu
and the `hreflang` links (members/public/translations.py); without a request (the 500
page), the overview in every language."""

from django import template

from ..public.links import page_link
from ..public.translations import page_languages as languages_of

register = template.Library()


@register.simple_tag
def link(name):
    return page_link(name)


@register.simple_tag(takes_context=True)
def page_languages(context):
    return languages_of(context.get("request"))
