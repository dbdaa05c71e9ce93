"""An import's confirmation, and what it must prove before anything is written.

The preview signs into the confirmation form the file itself, the editor who previewed
it, a one-time code kept in that editor's session, and the newest edit-history entry of
every record the file gives (or that the record is not stored). The import is applied
only for the same editor, with a code the session still holds (taken out on use, so a
confirmation works once), and only if each of those records is still as the preview
found it. So a confirmed import does what its preview showed or nothing, and a replayed
or late confirmation never reverts a colleague's correction.
"""

import secrets

from django.conf import settings
from django.core import signing
from django.db.models import Max
from django.utils.translation import gettext

from ..derived import batches
from ..registry import BY_LABEL, LABELS
from ..registry_io.parse import read_records
from ..registry_io.report import describe_record
from ..registry_io.stored import natural_key

SALT = "members.registry_import"
# How long a preview stays confirmable, in seconds.
MAX_AGE = 60 * 60
# The session keeps the codes of this many open previews (an editor may work in
# several tabs); an older preview can no longer be confirmed.
PENDING = "members_registry_import_pending"
PENDING_LIMIT = 5
# A refusal names at most this many records.
NAMED = 10


class Refused(Exception):
    """A confirmation that must not be applied; its message tells the editor why."""


def mentioned_keys(records):
    """{label: [natural key]} of the records a file gives, each once, in file order."""
    keys = {label: {} for label in LABELS}
    for record in records:
        key = natural_key(record.label, record.values)
        if key is not None:
            keys[record.label][key] = None
    return {label: list(found) for label, found in keys.items()}


def newest_history(label, keys, lock=False):
    """{key: id of the newest history entry} of the stored records among `keys`, 0 for
    one without history; a key that is not stored is left out. With `lock`, the rows
    stay locked to the end of the transaction (on databases that lock rows)."""
    entry = BY_LABEL[label]
    lookups = [
        f"{name}__{BY_LABEL[entry.references[name]].natural_key[0]}"
        if name in entry.references else name
        for name in entry.natural_key
    ]
    rows = entry.model._base_manager.all()
    if lock:
        rows = rows.select_for_update(of=("self",))
    wanted, stored = set(keys), {}
    for batch in batches(sorted({key[0] for key in wanted})):
        for *key, pk in rows.filter(**{f"{lookups[0]}__in": batch}).values_list(*lookups, "pk"):
            if tuple(key) in wanted:
                stored[pk] = tuple(key)
    newest = dict.fromkeys(stored.values(), 0)
    history = entry.model.history.model._base_manager
    for batch in batches(list(stored)):
        entries = history.filter(id__in=batch).values_list("id").annotate(Max("history_id"))
        newest.update((stored[pk], entry_id) for pk, entry_id in entries)
    return newest


def snapshot(keys, lock=False):
    """{label: [newest history id, or None if not stored]}, in the order of `keys`."""
    seen = {}
    for label, found in keys.items():
        newest = newest_history(label, found, lock)
        seen[label] = [newest.get(key) for key in found]
    return seen


def issue(request, name, data, seen):
    """The token that confirms importing `data` as previewed by request.user, given the
    `snapshot` of its records taken before the dry run (so that an edit landing while
    the preview ran is found too); None if it would not fit the confirmation form
    (Django refuses a larger form post)."""
    nonce = secrets.token_urlsafe(16)
    token = signing.dumps({
        "name": name, "text": data.decode("utf-8"), "user": request.user.pk, "nonce": nonce,
        "seen": seen,
    }, salt=SALT, compress=True)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and len(token) > limit - 10_000:
        return None
    request.session[PENDING] = [*request.session.get(PENDING, []), nonce][-PENDING_LIMIT:]
    return token


def read(token):
    """The signed contents of `token`, or Refused if it expired or was altered."""
    try:
        return signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature as error:
        raise Refused(gettext("This preview has expired or was altered; upload the file again.")) from error


def redeem(request, token):
    """(name, data, seen) of a confirmation request.user may apply now, using it up."""
    signed = read(token)
    if signed["user"] != request.user.pk:
        raise Refused(gettext(
            "This preview was made by another editor; upload the file to preview it yourself."
        ))
    discard(request, signed)
    return signed["name"], signed["text"].encode("utf-8"), signed["seen"]


def discard(request, signed):
    """Use up the one-time code of a confirmation; Refused if it was used already."""
    pending = request.session.get(PENDING, [])
    if signed["nonce"] not in pending:
        raise Refused(gettext("This preview was already confirmed or cancelled; upload the file again."))
    pending.remove(signed["nonce"])
    request.session[PENDING] = pending


def check_unchanged(data, name, seen):
    """Refused, naming them, if records the file gives changed since the preview.

    Run inside the import's transaction: the stored records stay locked until it ends.
    """
    records, _ = read_records(data, name)
    keys = mentioned_keys(records)
    if [len(found) for found in keys.values()] != [len(seen.get(label, ())) for label in keys]:
        raise Refused(gettext("This preview has expired or was altered; upload the file again."))
    changed = []
    for label, now in snapshot(keys, lock=True).items():
        for key, before, after in zip(keys[label], seen[label], now):
            if before != after:
                name = describe_record(label, key)
                if before is None:
                    name = gettext("%(record)s (added since)") % {"record": name}
                elif after is None:
                    name = gettext("%(record)s (deleted since)") % {"record": name}
                changed.append(name)
    if changed:
        raise Refused(
            gettext("Not imported: %(records)s changed after the preview; preview the file again.")
            % {"records": listing(changed)}
        )


def listing(names):
    """"a", "a and b", "a, b and c", "a, …, j and 4 more"."""
    shown = names[:NAMED]
    if len(names) > NAMED:
        shown.append(gettext("%(count)s more") % {"count": len(names) - NAMED})
    if len(shown) == 1:
        return shown[0]
    return gettext("%(names)s and %(last)s") % {"names": ", ".join(shown[:-1]), "last": shown[-1]}
