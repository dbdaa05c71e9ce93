"""The registry's models in one table: what editors, imports, exports and reports
need to know of each (label, natural key, references, names)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import Country, Membership, Organization


@dataclass(frozen=True)
class RegistryModel:
    model: type
    # The fields of the natural key, as a file gives them.
    natural_key: tuple
    # Foreign keys, each to the label of the model whose natural key a file gives for it.
    references: dict = field(default_factory=dict)
    # How a maintainer names several records (import reports, the admin's import page),
    # in the language of the moment: "membership periods", where the admin says
    # "memberships".
    plural: str = ""

    @property
    def label(self):
        """"members.country": the label fixtures and reports use."""
        return self.model._meta.label_lower

    @property
    def name(self):
        """How a maintainer names one record, in the language of the moment: the model's
        verbose name."""
        return self.model._meta.verbose_name

    @property
    def model_name(self):
        return self.model._meta.model_name


# In the order an import writes them: each model after those it references.
MODELS = (
    RegistryModel(Country, ("code",), plural=_("countries")),
    RegistryModel(
        Organization, ("slug",), {"country": "members.country"}, plural=_("organizations"),
    ),
    RegistryModel(
        Membership, ("organization", "since_year"), {"organization": "members.organization"},
        plural=_("membership periods"),
    ),
)
BY_LABEL = {entry.label: entry for entry in MODELS}
LABELS = tuple(BY_LABEL)
