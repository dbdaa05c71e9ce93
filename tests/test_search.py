import pytest

from members.search import fold, search_terms, slug_text


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("komunisticka", "Komunistická"),
        ("turkiye", "Türkiye"),
        ("TÜRKİYE", "Türkiye"),
        ("tikb", "TİKB"),
        ("cote d'ivoire", "Côte d’Ivoire"),
        # Turkish dotted capital İ and dotless ı both fold to i.
        ("ihtilalci", "İhtilalci"),
        ("isik", "Işık"),
        ("bolsevik", "Bolşevik"),
        # Czech carons and ring.
        ("ceskoslovenska strana prace", "Československá Strana Práce"),
        ("komunistu", "Komunistů"),
        # Portuguese tilde and cedilla.
        ("acao popular revolucionaria", "Ação Popular Revolucionária"),
        ("uniao", "União"),
        # French accents and diaeresis.
        ("unite communiste", "Unité Communiste"),
        ("haitien", "Haïtien"),
        ("proletarienne", "Prolétarienne"),
        # Apostrophes: straight, curly, the acute accent used as one.
        ("workers' party", "Workers’ Party"),
        ("d'bethnahrin", "d´Bethnahrin"),
        ("l'instauration", "l’Instauration"),
        # Dashes: en dash, em dash and minus are all a hyphen.
        ("marxist-leninist", "Marxist–Leninist"),
        ("ksc-cssp", "KSČ—ČSSP"),
        # Hungarian double acute, German sharp s, Nordic slashed o.
        ("ifjusag kozossegi", "Ifjúság Közösségi"),
        ("strasse", "Straße"),
        ("kobenhavn", "København"),
        ("elladas", "Elládas"),
    ],
)
def test_typed_text_folds_to_what_the_stored_text_folds_to(typed, stored):
    assert fold(typed) == fold(stored)


def test_fold_collapses_white_space_and_handles_empty_values():
    assert fold("  Union\tof \n Cypriots ") == "union of cypriots"
    assert fold("") == ""
    assert fold(None) == ""


def test_fold_keeps_letters_that_differ():
    assert fold("Peru") != fold("Perm")
    assert fold("PCC-M") != fold("PCC M")


def test_search_terms_are_folded_words():
    assert search_terms("  Partido  COMUNISTA Perú ") == ["partido", "comunista", "peru"]
    assert search_terms("   ") == []


def test_slug_text_is_ascii_with_single_hyphens():
    assert slug_text("TİKB") == "tikb"
    assert slug_text("BP (NK-T)") == "bp-nk-t"
    assert slug_text("Symp.PFLP") == "symp-pflp"
    assert slug_text("PML del Perú") == "pml-del-peru"
