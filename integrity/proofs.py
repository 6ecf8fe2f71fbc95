"""Proof bundles: a chained row (and the rows it links to), the exact text it refers to and its
place in its hash chain, as one JSON document anyone can check offline (`manage.py
verify_proof`), and the printable page built from that same document.

Format "psyconsult-proof", version 1 (keys are stable; new keys may be added, none renamed):

    format, format_version   "psyconsult-proof", 1
    kind                     "legal_acceptance" or "consent_receipt" (the app's adapter)
    generated_at             when the bundle was made (UTC, chain timestamp format)
    hashing                  how the hashes below are computed (informative)
    text                     null, or the text the row proves was shown:
        about                document, version, language, title (informative)
        encoding, text       "utf-8", the canonical text exactly as hashed
        sha256               SHA-256 of `text` encoded in UTF-8, lowercase hex
        hashed_in            {table, id, column}: the record column that holds that SHA-256
    records                  the proof's row first, then the rows it links to:
        role                 "proof", or what the linked row is (e.g. "cookie_policy_acceptance")
        table, id            where the row lives
        content              {"chain": 1, "table": ..., "columns": {...}}: exactly what is hashed
        canonical            integrity.chain.serialize(content), the ASCII bytes hashed
        hash                 the row's chain_hash = SHA-256(canonical)
        referenced_by        null, or {table, id, column}: the record whose column holds this id
        chain                position (1-based rank in the chain), previous (chain_previous),
                             following ([{id, previous, hash}] of every later row, in id order)
                             and head ({id, hash, at}: the last row when the bundle was made)

The following rows are given by their hashes only (their content is other people's data): offline,
they show that the row's hash is linked, row after row, to the head; `verify_proof
--against-database` also recomputes them from the live chain.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import chain, registry

FORMAT = "psyconsult-proof"
FORMAT_VERSION = 1
ROLE_PROOF = "proof"


def timestamp(value: datetime | None) -> str | None:
    return chain._json_value(value) if value is not None else None


# --- Building ----------------------------------------------------------------------------------


def chain_segment(row) -> dict:
    """The row's rank, link and every later row up to the head, read in one statement (a
    consistent snapshot: the head is the last row that statement saw)."""
    model = type(row)
    manager = model._base_manager.using(row._state.db)
    stamp = model.chain_timestamp_field
    later = list(
        manager.filter(pk__gt=row.pk)
        .order_by("pk")
        .values_list("pk", "chain_previous", chain.HASH_COLUMN, stamp)
    )
    if later:
        head_id, _previous, head_hash, head_at = later[-1]
    else:
        head_id, head_hash, head_at = row.pk, row.chain_hash, getattr(row, stamp)
    return {
        "position": manager.filter(pk__lte=row.pk).count(),
        "previous": row.chain_previous,
        "following": [
            {"id": pk, "previous": previous, "hash": digest} for pk, previous, digest, _at in later
        ],
        "head": {"id": head_id, "hash": head_hash, "at": timestamp(head_at)},
    }


def record(row, *, role: str = ROLE_PROOF, referenced_by: tuple[object, str] | None = None) -> dict:
    """One chained row as stored: its content, serialization, hash and place in the chain.

    `referenced_by` is (row, column) when another record of the bundle points at this one.
    """
    content = chain.canonical_content(row)
    reference = None
    if referenced_by is not None:
        source, column = referenced_by
        reference = {"table": source._meta.db_table, "id": source.pk, "column": column}
    return {
        "role": role,
        "table": row._meta.db_table,
        "id": row.pk,
        "content": content,
        "canonical": chain.serialize(content).decode("ascii"),
        "hash": row.chain_hash,
        "referenced_by": reference,
        "chain": chain_segment(row),
    }


def text_entry(text: str, *, hashed_in: tuple[object, str], about: dict) -> dict:
    row, column = hashed_in
    return {
        "about": about,
        "encoding": "utf-8",
        "text": text,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "hashed_in": {"table": row._meta.db_table, "id": row.pk, "column": column},
    }


HASHING = {
    "row_content": '{"chain": 1, "table": <table>, "columns": {<column>: <value>, ...}} '
    "(every column but chain_hash, NULL columns left out, timestamps UTC YYYY-MM-DDTHH:MM:SS.ffffffZ)",
    "serialization": 'json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True)',
    "row_hash": "sha256(serialization encoded in ASCII), lowercase hex",
    "link": "each row's chain_previous is the chain_hash of the row before it (64 zeros for the first)",
    "text_hash": "sha256(text encoded in UTF-8), lowercase hex",
}


def bundle(*, kind: str, records: list[dict], text: dict | None, now: datetime | None = None) -> dict:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "kind": kind,
        "generated_at": timestamp(now or timezone.now()),
        "hashing": HASHING,
        "text": text,
        "records": records,
    }


def to_json(data: dict) -> str:
    """Readable (indented, accents as such); the hashes do not depend on this layout."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def filename(data: dict) -> str:
    main = data["records"][0]
    return f"preuve-{main['table'].replace('_', '-')}-{main['id']}.json"


# --- Verification ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    code: str  # format, malformed, text, text_link, serialization, row, previous, link, head, ...
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class Verification:
    problems: list[Problem] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)  # what was found sound, for the summary

    @property
    def ok(self) -> bool:
        return not self.problems

    def fail(self, code: str, message: str) -> None:
        self.problems.append(Problem(code, message))


class Malformed(Exception):
    pass


def _need(obj, key: str, kind, where: str):
    if not isinstance(obj, dict) or key not in obj:
        raise Malformed(_("%(where)s : clé « %(key)s » absente.") % {"where": where, "key": key})
    value = obj[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise Malformed(_("%(where)s : « %(key)s » n’a pas le type attendu.") % {"where": where, "key": key})
    return value


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def verify_bundle(data) -> Verification:
    """Check a bundle with nothing but itself: the text's SHA-256, every row's hash from its
    fields, the links from each row to its chain's head, and the references between records."""
    result = Verification()
    try:
        _verify(data, result)
    except Malformed as exc:
        result.fail("malformed", _("Fichier de preuve mal formé : %(detail)s") % {"detail": exc})
    return result


def _verify(data, result: Verification) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise Malformed(_("ce n’est pas une preuve « %(format)s ».") % {"format": FORMAT})
    if data.get("format_version") != FORMAT_VERSION:
        result.fail(
            "format",
            _("Version de format %(version)s non prise en charge (attendu : %(expected)s).")
            % {"version": data.get("format_version"), "expected": FORMAT_VERSION},
        )
        return
    records = _need(data, "records", list, "preuve")
    if not records:
        raise Malformed(_("aucune ligne dans la preuve."))
    by_place = {}
    for index, entry in enumerate(records):
        where = _("ligne %(n)s") % {"n": index + 1}
        table, row_id = _need(entry, "table", str, where), _need(entry, "id", int, where)
        by_place[(table, row_id)] = entry
        _verify_record(entry, table, row_id, result)
    for entry in records:
        reference = entry.get("referenced_by")
        if reference:
            _verify_reference(entry, reference, by_place, result)
    text = data.get("text")
    if text is not None:
        _verify_text(text, by_place, result)


def _label(table: str, row_id: int) -> str:
    return f"{table} id={row_id}"


def _verify_record(entry: dict, table: str, row_id: int, result: Verification) -> None:
    label = _label(table, row_id)
    content = _need(entry, "content", dict, label)
    columns = _need(content, "columns", dict, label)
    stated_hash = _need(entry, "hash", str, label)
    segment = _need(entry, "chain", dict, label)
    if content.get("chain") != chain.FORMAT or content.get("table") != table or columns.get("id") != row_id:
        result.fail(
            "row",
            _("%(row)s : le contenu ne désigne pas cette ligne (chain, table ou id différents).")
            % {"row": label},
        )
        return
    serialized = chain.serialize(content)
    if "canonical" in entry and entry["canonical"] != serialized.decode("ascii"):
        result.fail(
            "serialization",
            _(
                "%(row)s : la sérialisation fournie diffère de celle recalculée à partir des champs "
                "(un champ ou la sérialisation a été modifié)."
            )
            % {"row": label},
        )
    recomputed = sha256_hex(serialized)
    if recomputed != stated_hash:
        result.fail(
            "row",
            _(
                "%(row)s : ligne altérée : l’empreinte recalculée à partir des champs (%(recomputed)s) "
                "ne correspond pas à l’empreinte de la ligne (%(stated)s)."
            )
            % {"row": label, "recomputed": recomputed, "stated": stated_hash},
        )
    else:
        result.checked.append(_("%(row)s : empreinte de la ligne recalculée et exacte.") % {"row": label})
    previous = _need(segment, "previous", str, label)
    if columns.get("chain_previous") != previous:
        result.fail(
            "previous",
            _("%(row)s : l’empreinte précédente indiquée diffère de celle contenue dans la ligne.")
            % {"row": label},
        )
    _verify_links(label, row_id, stated_hash, segment, result)


def _verify_links(label: str, row_id: int, row_hash: str, segment: dict, result: Verification) -> None:
    head = _need(segment, "head", dict, label)
    head_id, head_hash = _need(head, "id", int, label), _need(head, "hash", str, label)
    following = _need(segment, "following", list, label)
    last_id, last_hash, broken = row_id, row_hash, False
    for link in following:
        link_id = _need(link, "id", int, label)
        if link_id <= last_id:
            result.fail(
                "link", _("%(row)s : les lignes suivantes ne sont pas dans l’ordre.") % {"row": label}
            )
            return
        if _need(link, "previous", str, label) != last_hash:
            result.fail(
                "link",
                _(
                    "%(row)s : lien rompu : la ligne id=%(id)s ne désigne pas l’empreinte de la ligne "
                    "id=%(previous)s qui la précède."
                )
                % {"row": label, "id": link_id, "previous": last_id},
            )
            broken = True
        last_id, last_hash = link_id, _need(link, "hash", str, label)
    if (last_id, last_hash) != (head_id, head_hash):
        result.fail(
            "head",
            _("%(row)s : la chaîne n’aboutit pas à la tête indiquée (id=%(id)s).")
            % {"row": label, "id": head_id},
        )
    elif not broken:
        result.checked.append(
            _("%(row)s : reliée à la tête id=%(id)s %(hash)s par %(count)s ligne(s) suivante(s).")
            % {"row": label, "id": head_id, "hash": head_hash, "count": len(following)}
        )


def _verify_reference(entry: dict, reference: dict, by_place: dict, result: Verification) -> None:
    table, column = reference.get("table"), reference.get("column")
    source = by_place.get((table, reference.get("id")))
    value = source and source["content"]["columns"].get(column)
    if value != entry["id"]:
        result.fail(
            "reference",
            _("%(row)s : la ligne qui la désigne (%(source)s, colonne %(column)s) ne contient pas cet id.")
            % {
                "row": _label(entry["table"], entry["id"]),
                "source": _label(str(table), reference.get("id")),
                "column": column,
            },
        )


def _verify_text(text: dict, by_place: dict, result: Verification) -> None:
    body = _need(text, "text", str, _("texte"))
    stated = _need(text, "sha256", str, _("texte"))
    recomputed = sha256_hex(body.encode("utf-8"))
    if recomputed != stated:
        result.fail(
            "text",
            _(
                "Texte altéré : son SHA-256 recalculé (%(recomputed)s) ne correspond pas à celui "
                "indiqué (%(stated)s)."
            )
            % {"recomputed": recomputed, "stated": stated},
        )
    target = _need(text, "hashed_in", dict, _("texte"))
    source = by_place.get((target.get("table"), target.get("id")))
    recorded = source and source["content"]["columns"].get(target.get("column"))
    if recorded != recomputed:
        result.fail(
            "text_link",
            _(
                "Texte altéré ou autre texte : son SHA-256 (%(recomputed)s) n’est pas celui enregistré "
                "dans la ligne %(row)s (%(recorded)s)."
            )
            % {
                "recomputed": recomputed,
                "row": _label(str(target.get("table")), target.get("id")),
                "recorded": recorded or "—",
            },
        )
    elif recomputed == stated:
        result.checked.append(
            _("Texte : SHA-256 %(hash)s recalculé, identique à celui enregistré dans la ligne %(row)s.")
            % {"hash": recomputed, "row": _label(target["table"], target["id"])}
        )


def verify_against_database(data: dict, *, using=None) -> Verification:
    """The bundle's rows and links compared with the live chain, which must still hold them and
    be intact (integrity.chain.verify with the row and the head as anchors)."""
    result = Verification()
    models = {model._meta.db_table: model for model in registry.chained_models()}
    for entry in data["records"]:
        table, row_id = entry["table"], entry["id"]
        label = _label(table, row_id)
        model = models.get(table)
        if model is None:
            result.fail("database", _("%(row)s : aucune chaîne pour cette table.") % {"row": label})
            continue
        manager = model._base_manager.using(using) if using else model._base_manager
        row = manager.filter(pk=row_id).first()
        if row is None:
            result.fail("database", _("%(row)s : la ligne n’est plus dans la base.") % {"row": label})
            continue
        if chain.canonical_content(row) != entry["content"] or row.chain_hash != entry["hash"]:
            result.fail(
                "database", _("%(row)s : la ligne en base diffère de celle de la preuve.") % {"row": label}
            )
        segment = entry["chain"]
        stored = dict(
            manager.filter(pk__in=[link["id"] for link in segment["following"]]).values_list(
                "pk", chain.HASH_COLUMN
            )
        )
        changed = [link["id"] for link in segment["following"] if stored.get(link["id"]) != link["hash"]]
        if changed:
            result.fail(
                "database",
                _("%(row)s : lignes suivantes absentes ou différentes en base : id %(ids)s.")
                % {"row": label, "ids": ", ".join(map(str, changed[:10]))},
            )
        head = segment["head"]
        report = chain.verify(model, using=using, anchors={row_id: entry["hash"], head["id"]: head["hash"]})
        if report.ok:
            result.checked.append(
                _(
                    "%(row)s : chaîne en base intacte (%(rows)s lignes), la ligne et la tête "
                    "id=%(id)s y figurent."
                )
                % {"row": label, "rows": report.rows, "id": head["id"]}
            )
        else:
            result.fail("database", _("Chaîne en base : %(problem)s") % {"problem": report.problem})
    return result


# --- The printable page ------------------------------------------------------------------------


def parse_timestamp(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def readable_datetime(value: datetime | str | None) -> str:
    """A date as people read it, with seconds and the time zone: no raw ISO on paper."""
    if isinstance(value, str):
        value = parse_timestamp(value) or datetime.fromisoformat(value)
    if value is None:
        return "—"
    local = timezone.localtime(value)
    return formats.date_format(local, _("j F Y à H:i:s")) + f" ({local.strftime('%Z')})"


def _column_fields(model) -> dict:
    return {f.column: f for f in model._meta.concrete_fields} if model else {}


def readable_value(model_field, value, overrides: dict) -> str:
    column = getattr(model_field, "column", None)
    if column in overrides:
        return overrides[column](value)
    if model_field is not None and model_field.get_internal_type() == "DateTimeField":
        return readable_datetime(value)
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if model_field is not None and model_field.choices:
        label = dict(model_field.flatchoices).get(value)
        return f"{label} ({value})" if label else str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@dataclass(frozen=True)
class PrintedField:
    label: str
    column: str
    value: str
    is_hash: bool = False


def printable_record(entry: dict, *, title: str, overrides: dict | None = None) -> dict:
    """One record's fields as hashed (label, column, readable value) and its place in the chain."""
    models = {model._meta.db_table: model for model in registry.chained_models()}
    fields_by_column = _column_fields(models.get(entry["table"]))
    overrides = overrides or {}
    fields = []
    for column, value in sorted(entry["content"]["columns"].items()):
        model_field = fields_by_column.get(column)
        label = capfirst(str(model_field.verbose_name)) if model_field is not None else column
        fields.append(
            PrintedField(label, column, readable_value(model_field, value, overrides), len(str(value)) == 64)
        )
    segment = entry["chain"]
    return {
        "title": title,
        "table": entry["table"],
        "id": entry["id"],
        "hash": entry["hash"],
        "fields": fields,
        "position": segment["position"],
        "previous": segment["previous"],
        "following": len(segment["following"]),
        "head_id": segment["head"]["id"],
        "head_hash": segment["head"]["hash"],
        "head_at": readable_datetime(segment["head"]["at"]) if segment["head"]["at"] else "—",
    }
