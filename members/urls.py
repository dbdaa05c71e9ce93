"""Public, read-only pages of the registry."""

app_name = "members"

urlpatterns = []
