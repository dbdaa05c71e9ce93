"""Deployment checks of the registry's own settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Domains reserved for examples (RFC 2606): no one reads mail sent there.
EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")


@register(Tags.security, deploy=True)
def check_corrections_address(app_configs, **kwargs):
    """The About page asks readers to send corrections to this address: it must reach
    someone."""
    address = settings.REGISTRY_CORRECTIONS_EMAIL
    domain = address.rpartition("@")[2].lower()
    if domain not in EXAMPLE_DOMAINS:
        return []
    return [Warning(
        f"REGISTRY_CORRECTIONS_EMAIL is {address!r}, an example address: readers' "
        "corrections would go nowhere.",
        hint="Set REGISTRY_CORRECTIONS_EMAIL to the address that receives corrections.",
        id="members.W001",
    )]
