"""The language of each country's original organization names.

The organization page marks its heading with it (`lang`), for screen readers and
hyphenation; the benchmark names its synthetic organizations in the same languages.
"""

# By ISO country code. Names of the other countries are English. "-Latn" marks names
# the seed gives in Latin transliteration.
NAME_LANGUAGES = {
    **dict.fromkeys(["BE", "CG", "CI", "CM", "FR", "HT", "TG", "TN"], "fr"),
    **dict.fromkeys(["CL", "CO", "DO", "MX", "PA", "PE", "PY", "UY", "VE"], "es"),
    **dict.fromkeys(["BR", "PT"], "pt"),
    **dict.fromkeys(["CH", "DE", "LU"], "de"),
    **dict.fromkeys(["BY", "RU", "UA"], "ru-Latn"),
    "BA": "bs",
    "BG": "bg-Latn",
    "CZ": "cs",
    "GR": "el-Latn",
    "HU": "hu",
    "IR": "fa-Latn",
    "NL": "nl",
    "TR": "tr",
}


def name_language(organization):
    """The language tag of `organization.name`, or None where it is English.

    Only names with an English translation are in another language.
    """
    if not organization.english_name:
        return None
    return NAME_LANGUAGES.get(organization.country.code)
