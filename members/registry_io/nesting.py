"""Where a JSON file nests too deeply for the parser to read it.

Python's JSON parser gives up (RecursionError) on a file nested about a thousand levels
deep, with no position. A fixture nests four levels, so such a file is hostile or broken;
the report still says where it goes deep, found by following brackets and strings
only. This runs only for a file the parser gave up on.
"""

import json
import re

from django.utils.translation import ngettext

from .report import Problem, record_at

# A JSON string (with the colon after it, if it is a key) or a bracket: enough to
# follow how deep a file nests without parsing it.
JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"\s*:?|[\[\]{}]')
# How deep a fixture nests: its list, a record, its fields, a natural key.
FIXTURE_DEPTH = 4
# Nesting deeper than this is pointed at when a file is too deep to parse.
DEEPEST = 100


def too_deep(text):
    """The Problem for a file nested too deeply for the parser, naming where it goes deep.

    Only a hostile file gets here, so the extra pass over the text costs nothing otherwise.
    """
    depth, record, keys = 0, 0, {}
    for match in JSON_TOKEN.finditer(text):
        token = match.group()
        if token[0] == '"':
            if token.endswith(":"):
                keys[depth] = token
            continue
        if token in "]}":
            keys = {level: key for level, key in keys.items() if level < depth}
            depth -= 1
            continue
        depth += 1
        record += depth == 2
        if depth > DEEPEST:
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - text.rfind("\n", 0, match.start())
            return Problem(
                # Translators: %(depth)s is how deep a fixture nests at most (4).
                ngettext("The file nests lists and objects more than %(deepest)s level deep "
                         "(line %(line)s, column %(column)s); a fixture nests %(depth)s at most.",
                         "The file nests lists and objects more than %(deepest)s levels deep "
                         "(line %(line)s, column %(column)s); a fixture nests %(depth)s at most.",
                         DEEPEST)
                % {"deepest": DEEPEST, "line": line, "column": column, "depth": FIXTURE_DEPTH},
                record_at(max(record, 1)), field=key_name(keys.get(3)),
            )
    return Problem(ngettext(
        "The file nests lists and objects too deeply to read; a fixture nests %(depth)s level "
        "at most.",
        "The file nests lists and objects too deeply to read; a fixture nests %(depth)s at most.",
        FIXTURE_DEPTH,
    ) % {"depth": FIXTURE_DEPTH})


def key_name(token):
    """The field a key token names (inside a record's fields, the third level), or ""."""
    if token is None:
        return ""
    try:
        return json.loads(token.rstrip(":").rstrip())
    except json.JSONDecodeError:
        return token
