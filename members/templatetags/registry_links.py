"""Links to the world outside the registry, as the public pages show them."""

from django import template
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.html import format_html

register = template.Library()

web_address = URLValidator(schemes=["http", "https"])


@register.filter
def source(text):
    """A period's source: a link if the whole source is a web address, plain text otherwise.

    rel="nofollow": the registry does not vouch for the page; "noopener": the page
    gets no handle on the registry's window. A source that only mentions an address
    among other words stays text, as written.
    """
    try:
        web_address(text)
    except ValidationError:
        return text  # escaped by the template, as any text is
    return format_html('<a href="{}" rel="nofollow noopener">{}</a>', text, text)
