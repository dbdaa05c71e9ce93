from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Registry"

    def ready(self):
        from . import signals  # noqa: F401  (connects the search-column handlers)
