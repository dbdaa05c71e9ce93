"""Word lists for synthetic organization names, per language of the seed.

Each entry is (word in the language, the same word in English), so a name and its
English name say the same thing. The diacritics are the languages' own.
"""

from members.public.languages import NAME_LANGUAGES

# Language of each seed country's names (the rest are English): the registry's own
# table, without its script subtags ("ru-Latn" names are Russian words).
LANGUAGE_OF_COUNTRY = {code: tag.split("-")[0] for code, tag in NAME_LANGUAGES.items()}

# (kinds of organization, qualifiers, places); a name is "kind qualifier qualifier of place"
# in the word order of its language.
WORDS = {
    "en": (
        [("Party", "Party"), ("Union", "Union"), ("League", "League"), ("Front", "Front"),
         ("Movement", "Movement"), ("Organization", "Organization"), ("Circle", "Circle")],
        [("Communist", "Communist"), ("Revolutionary", "Revolutionary"), ("Workers'", "Workers'"),
         ("Marxist-Leninist", "Marxist-Leninist"), ("Democratic", "Democratic"),
         ("Popular", "Popular"), ("Proletarian", "Proletarian"), ("Socialist", "Socialist")],
        [("the North", "the North"), ("the Coast", "the Coast"), ("the Valley", "the Valley"),
         ("the Capital", "the Capital"), ("the Mountains", "the Mountains"),
         ("the Islands", "the Islands"), ("the Delta", "the Delta"), ("the Plains", "the Plains")],
    ),
    "fr": (
        [("Parti", "Party"), ("Union", "Union"), ("Ligue", "League"), ("Front", "Front"),
         ("Mouvement", "Movement"), ("Organisation", "Organization"), ("Cercle", "Circle")],
        [("Communiste", "Communist"), ("Révolutionnaire", "Revolutionary"), ("Ouvrier", "Workers'"),
         ("Marxiste-Léniniste", "Marxist-Leninist"), ("Démocratique", "Democratic"),
         ("Populaire", "Popular"), ("Prolétarien", "Proletarian"), ("Socialiste", "Socialist")],
        [("du Nord", "the North"), ("de la Côte", "the Coast"), ("de la Vallée", "the Valley"),
         ("de la Capitale", "the Capital"), ("des Montagnes", "the Mountains"),
         ("des Îles", "the Islands"), ("du Delta", "the Delta"), ("des Plaines", "the Plains")],
    ),
    "es": (
        [("Partido", "Party"), ("Unión", "Union"), ("Liga", "League"), ("Frente", "Front"),
         ("Movimiento", "Movement"), ("Organización", "Organization"), ("Círculo", "Circle")],
        [("Comunista", "Communist"), ("Revolucionario", "Revolutionary"), ("Obrero", "Workers'"),
         ("Marxista-Leninista", "Marxist-Leninist"), ("Democrático", "Democratic"),
         ("Popular", "Popular"), ("Proletario", "Proletarian"), ("Socialista", "Socialist")],
        [("del Norte", "the North"), ("de la Costa", "the Coast"), ("del Valle", "the Valley"),
         ("de la Capital", "the Capital"), ("de las Montañas", "the Mountains"),
         ("de las Islas", "the Islands"), ("del Delta", "the Delta"), ("de los Llanos", "the Plains")],
    ),
    "pt": (
        [("Partido", "Party"), ("União", "Union"), ("Liga", "League"), ("Frente", "Front"),
         ("Movimento", "Movement"), ("Organização", "Organization"), ("Círculo", "Circle")],
        [("Comunista", "Communist"), ("Revolucionário", "Revolutionary"), ("Operário", "Workers'"),
         ("Marxista-Leninista", "Marxist-Leninist"), ("Democrático", "Democratic"),
         ("Popular", "Popular"), ("Proletário", "Proletarian"), ("Socialista", "Socialist")],
        [("do Norte", "the North"), ("da Costa", "the Coast"), ("do Vale", "the Valley"),
         ("da Capital", "the Capital"), ("das Montanhas", "the Mountains"),
         ("das Ilhas", "the Islands"), ("do Delta", "the Delta"), ("das Planícies", "the Plains")],
    ),
    "de": (
        [("Partei", "Party"), ("Union", "Union"), ("Liga", "League"), ("Front", "Front"),
         ("Bewegung", "Movement"), ("Organisation", "Organization"), ("Kreis", "Circle")],
        [("Kommunistische", "Communist"), ("Revolutionäre", "Revolutionary"),
         ("Arbeiter-", "Workers'"), ("Marxistisch-Leninistische", "Marxist-Leninist"),
         ("Demokratische", "Democratic"), ("Volks-", "Popular"), ("Proletarische", "Proletarian"),
         ("Sozialistische", "Socialist")],
        [("des Nordens", "the North"), ("der Küste", "the Coast"), ("des Tals", "the Valley"),
         ("der Hauptstadt", "the Capital"), ("der Berge", "the Mountains"),
         ("der Inseln", "the Islands"), ("des Deltas", "the Delta"), ("der Ebenen", "the Plains")],
    ),
    "ru": (
        [("Partiya", "Party"), ("Soyuz", "Union"), ("Liga", "League"), ("Front", "Front"),
         ("Dvizheniye", "Movement"), ("Organizatsiya", "Organization"), ("Kruzhok", "Circle")],
        [("Kommunisticheskaya", "Communist"), ("Revolyutsionnaya", "Revolutionary"),
         ("Rabochaya", "Workers'"), ("Marksistsko-Leninskaya", "Marxist-Leninist"),
         ("Demokraticheskaya", "Democratic"), ("Narodnaya", "Popular"),
         ("Proletarskaya", "Proletarian"), ("Sotsialisticheskaya", "Socialist")],
        [("Severa", "the North"), ("Poberezh’ya", "the Coast"), ("Doliny", "the Valley"),
         ("Stolitsy", "the Capital"), ("Gor", "the Mountains"), ("Ostrovov", "the Islands"),
         ("Del’ty", "the Delta"), ("Ravnin", "the Plains")],
    ),
    "bs": (
        [("Partija", "Party"), ("Savez", "Union"), ("Liga", "League"), ("Front", "Front"),
         ("Pokret", "Movement"), ("Organizacija", "Organization"), ("Krug", "Circle")],
        [("Komunistička", "Communist"), ("Revolucionarna", "Revolutionary"),
         ("Radnička", "Workers'"), ("Marksističko-Lenjinistička", "Marxist-Leninist"),
         ("Demokratska", "Democratic"), ("Narodna", "Popular"), ("Proleterska", "Proletarian"),
         ("Socijalistička", "Socialist")],
        [("Sjevera", "the North"), ("Obale", "the Coast"), ("Doline", "the Valley"),
         ("Glavnog Grada", "the Capital"), ("Planina", "the Mountains"), ("Otoka", "the Islands"),
         ("Delte", "the Delta"), ("Ravnica", "the Plains")],
    ),
    "bg": (
        [("Partiya", "Party"), ("Sŭyuz", "Union"), ("Liga", "League"), ("Front", "Front"),
         ("Dvizhenie", "Movement"), ("Organizatsiya", "Organization"), ("Kragŭt", "Circle")],
        [("Komunisticheska", "Communist"), ("Revolyutsionna", "Revolutionary"),
         ("Rabotnicheska", "Workers'"), ("Marksistko-Leninska", "Marxist-Leninist"),
         ("Demokratichna", "Democratic"), ("Narodna", "Popular"), ("Proletarska", "Proletarian"),
         ("Sotsialisticheska", "Socialist")],
        [("na Severa", "the North"), ("na Bryaga", "the Coast"), ("na Dolinata", "the Valley"),
         ("na Stolitsata", "the Capital"), ("na Planinite", "the Mountains"),
         ("na Ostrovite", "the Islands"), ("na Deltata", "the Delta"), ("na Ravninite", "the Plains")],
    ),
    "cs": (
        [("Strana", "Party"), ("Svaz", "Union"), ("Liga", "League"), ("Fronta", "Front"),
         ("Hnutí", "Movement"), ("Organizace", "Organization"), ("Kroužek", "Circle")],
        [("Komunistická", "Communist"), ("Revoluční", "Revolutionary"), ("Dělnická", "Workers'"),
         ("Marxisticko-Leninská", "Marxist-Leninist"), ("Demokratická", "Democratic"),
         ("Lidová", "Popular"), ("Proletářská", "Proletarian"), ("Socialistická", "Socialist")],
        [("Severu", "the North"), ("Pobřeží", "the Coast"), ("Údolí", "the Valley"),
         ("Hlavního Města", "the Capital"), ("Hor", "the Mountains"), ("Ostrovů", "the Islands"),
         ("Delty", "the Delta"), ("Rovin", "the Plains")],
    ),
    "el": (
        [("Kómma", "Party"), ("Énosi", "Union"), ("Léschi", "League"), ("Métopo", "Front"),
         ("Kínima", "Movement"), ("Orgánosi", "Organization"), ("Kýklos", "Circle")],
        [("Kommounistikí", "Communist"), ("Epanastatikí", "Revolutionary"),
         ("Ergatikí", "Workers'"), ("Marxistikí-Leninistikí", "Marxist-Leninist"),
         ("Dimokratikí", "Democratic"), ("Laïkí", "Popular"), ("Proletariakí", "Proletarian"),
         ("Sosialistikí", "Socialist")],
        [("tou Vorrá", "the North"), ("tis Aktís", "the Coast"), ("tis Koiládas", "the Valley"),
         ("tis Protévousas", "the Capital"), ("ton Vounón", "the Mountains"),
         ("ton Nisión", "the Islands"), ("tou Délta", "the Delta"), ("ton Pediádon", "the Plains")],
    ),
    "hu": (
        [("Párt", "Party"), ("Szövetség", "Union"), ("Liga", "League"), ("Front", "Front"),
         ("Mozgalom", "Movement"), ("Szervezet", "Organization"), ("Kör", "Circle")],
        [("Kommunista", "Communist"), ("Forradalmi", "Revolutionary"), ("Munkás", "Workers'"),
         ("Marxista-Leninista", "Marxist-Leninist"), ("Demokratikus", "Democratic"),
         ("Népi", "Popular"), ("Proletár", "Proletarian"), ("Szocialista", "Socialist")],
        [("Északi", "the North"), ("Tengerparti", "the Coast"), ("Völgyi", "the Valley"),
         ("Fővárosi", "the Capital"), ("Hegyvidéki", "the Mountains"), ("Szigeti", "the Islands"),
         ("Deltai", "the Delta"), ("Alföldi", "the Plains")],
    ),
    "fa": (
        [("Ḥezb", "Party"), ("Etteḥādiye", "Union"), ("Anjoman", "League"), ("Jebhe", "Front"),
         ("Jonbesh", "Movement"), ("Sāzmān", "Organization"), ("Maḥfel", "Circle")],
        [("Komunist", "Communist"), ("Enqelābi", "Revolutionary"), ("Kārgari", "Workers'"),
         ("Mārksist-Leninist", "Marxist-Leninist"), ("Demokrātik", "Democratic"),
         ("Mardomi", "Popular"), ("Proletāri", "Proletarian"), ("Sosiālist", "Socialist")],
        [("-e Shomāl", "the North"), ("-e Sāḥel", "the Coast"), ("-e Darre", "the Valley"),
         ("-e Pāytakht", "the Capital"), ("-e Kuhestān", "the Mountains"),
         ("-e Jazāyer", "the Islands"), ("-e Deltā", "the Delta"), ("-e Dasht", "the Plains")],
    ),
    "nl": (
        [("Partij", "Party"), ("Unie", "Union"), ("Liga", "League"), ("Front", "Front"),
         ("Beweging", "Movement"), ("Organisatie", "Organization"), ("Kring", "Circle")],
        [("Communistische", "Communist"), ("Revolutionaire", "Revolutionary"),
         ("Arbeiders-", "Workers'"), ("Marxistisch-Leninistische", "Marxist-Leninist"),
         ("Democratische", "Democratic"), ("Volks-", "Popular"), ("Proletarische", "Proletarian"),
         ("Socialistische", "Socialist")],
        [("van het Noorden", "the North"), ("van de Kust", "the Coast"), ("van het Dal", "the Valley"),
         ("van de Hoofdstad", "the Capital"), ("van de Bergen", "the Mountains"),
         ("van de Eilanden", "the Islands"), ("van de Delta", "the Delta"),
         ("van de Vlakten", "the Plains")],
    ),
    "tr": (
        [("Partisi", "Party"), ("Birliği", "Union"), ("Ligi", "League"), ("Cephesi", "Front"),
         ("Hareketi", "Movement"), ("Örgütü", "Organization"), ("Çevresi", "Circle")],
        [("Komünist", "Communist"), ("Devrimci", "Revolutionary"), ("İşçi", "Workers'"),
         ("Marksist-Leninist", "Marxist-Leninist"), ("Demokratik", "Democratic"),
         ("Halkçı", "Popular"), ("Proleter", "Proletarian"), ("Sosyalist", "Socialist")],
        [("Kuzey", "the North"), ("Kıyı", "the Coast"), ("Vadi", "the Valley"),
         ("Başkent", "the Capital"), ("Dağlık", "the Mountains"), ("Adalar", "the Islands"),
         ("Delta", "the Delta"), ("Ovalar", "the Plains")],
    ),
}

# Languages whose qualifiers come after the kind of organization (Parti Communiste);
# the others put them first (Kommunistische Partei), the place last or first as noted.
QUALIFIER_AFTER = {"fr", "es", "pt"}
PLACE_FIRST = {"hu", "tr"}
