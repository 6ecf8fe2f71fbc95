"""Hash chains: tamper evidence for append-only tables, even against a database superuser.

Each table has its own chain, in increasing `id` order (ids may skip numbers: a reserved id
whose transaction rolled back or found a duplicate is not used). A row stores `chain_previous`, the
`chain_hash` of the row before it (64 zeros for the first row), and `chain_hash`, the SHA-256
of its canonical content. Editing a row breaks its own hash; deleting or inserting one breaks
the next row's link; rewriting the whole tail consistently changes the head hash, which is why
the admin shows it (integrity proof page) for the DPO to write down elsewhere, and
`verify_ledger --anchor table:id:hash` checks such a note later.

Canonical content, format 1 (enough to recompute every hash from a plain SQL dump):

    {"chain": 1, "table": "<database table>", "columns": {"<column>": <value>, ...}}

- `columns` has every column of the row except `chain_hash`, under its database name (`id`,
  `user_id`, `accepted_at`, `chain_previous`, ...). A column whose value is NULL is left out,
  so adding a nullable column later does not change the content of the rows written before.
- Values: integers, booleans and text as JSON numbers, booleans and strings; a JSON column as
  its JSON value; a timestamp in UTC as `YYYY-MM-DDTHH:MM:SS.ffffffZ` (always six decimals).
- Serialised with the keys sorted at every level, no whitespace and non-ASCII characters
  escaped: in Python `json.dumps(content, sort_keys=True, separators=(",", ":"),
  ensure_ascii=True)`. `chain_hash` is the SHA-256 of those ASCII bytes, lowercase hex.

Writers call `append(row)` inside their transaction (or `reserve()` first, then
`append(row, reservation=...)`). On PostgreSQL that takes a transaction-level advisory lock per
chain (`pg_advisory_xact_lock`, held until commit or rollback) before reading the head, so
concurrent inserts line up instead of forking the chain; the id comes from the table's sequence
under that lock. The cost: writers of one chain commit one after the other, so the code between
the lock and the commit is kept to a few statements. `LOCK TABLE` is not used: its strong modes
need UPDATE or DELETE privileges the application role does not have. On SQLite a transaction is
enough: one writer at a time, and a writer whose read went stale cannot commit.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

from django.db import connections, router, transaction
from django.utils.translation import gettext as _

FORMAT = 1
GENESIS = "0" * 64
HASH_COLUMN = "chain_hash"


def _json_value(value):
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive timestamp in a chained row")
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"no canonical form for {type(value).__name__}")


def canonical_content(row) -> dict:
    """Works on historical models too (migrations): it only reads concrete fields."""
    columns = {}
    for model_field in row._meta.concrete_fields:
        if model_field.column == HASH_COLUMN:
            continue
        value = getattr(row, model_field.attname)
        if value is not None:
            columns[model_field.column] = _json_value(value)
    return {"chain": FORMAT, "table": row._meta.db_table, "columns": columns}


def serialize(content: dict) -> bytes:
    """The canonical serialization of a row's content: the bytes its `chain_hash` is taken of."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def canonical_bytes(row) -> bytes:
    return serialize(canonical_content(row))


def row_hash(row) -> str:
    return hashlib.sha256(canonical_bytes(row)).hexdigest()


def lock_key(model) -> int:
    """A stable signed 64-bit advisory lock key per chain."""
    digest = hashlib.sha256(f"integrity.chain:{model._meta.db_table}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _database(model, using):
    return using or router.db_for_write(model)


@dataclass(frozen=True)
class Reservation:
    """The next row's place in a chain, valid until the transaction that took it ends."""

    model: type
    database: str
    row_id: int
    previous: str


def reserve(model, *, using=None) -> Reservation:
    """Take the chain's lock (until the transaction ends) and the next row's id and link.

    On PostgreSQL one round trip of two statements: `pg_advisory_xact_lock`, then the sequence
    and the head. The second statement takes its snapshot once the lock is granted, so it sees
    the row the previous holder committed. Fewer round trips under the lock also matter: while
    a writer holds it, the others wait (see the module docstring).
    """
    db = _database(model, using)
    connection = connections[db]
    if not connection.in_atomic_block:
        raise RuntimeError("chain.reserve() needs a transaction: call it inside transaction.atomic().")
    if connection.vendor != "postgresql":
        last = head(model, using=db)
        return Reservation(model, db, last[0] + 1 if last else 1, last[1] if last else GENESIS)
    qn, meta = connection.ops.quote_name, model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s); "  # noqa: S608 - quoted model names only
            "SELECT nextval(pg_get_serial_sequence(%s, %s)), "
            f"(SELECT {qn(HASH_COLUMN)} FROM {qn(meta.db_table)} ORDER BY {qn(meta.pk.column)} DESC LIMIT 1)",
            [lock_key(model), meta.db_table, meta.pk.column],
        )
        while cursor.nextset():  # the last result set is the second statement's
            pass
        row_id, head_hash = cursor.fetchone()
    return Reservation(model, db, row_id, head_hash or GENESIS)


def head(model, *, using=None) -> tuple[int, str] | None:
    """(id, chain_hash) of the last row, or None for an empty chain."""
    return (
        model._base_manager.using(_database(model, using))
        .order_by("-pk")
        .values_list("pk", HASH_COLUMN)
        .first()
    )


def append(row, *, reservation: Reservation | None = None, using=None):
    """Insert `row` at the head of its table's chain and return it (the only chained insert).

    Pass the `reservation` the caller took in this transaction (e.g. to look for a duplicate
    under the lock first); otherwise one is taken here.
    """
    model = type(row)
    with transaction.atomic(using=_database(model, using), savepoint=False):
        reservation = reservation or reserve(model, using=using)
        if reservation.model is not model:
            raise ValueError("reservation for another chain")
        row.pk, row.chain_previous = reservation.row_id, reservation.previous
        row.chain_hash = row_hash(row)
        row.save(force_insert=True, using=reservation.database)
    return row


# --- Verification ------------------------------------------------------------------------------


@dataclass
class Problem:
    table: str
    row_id: int
    message: str

    def __str__(self) -> str:
        return f"{self.table} id={self.row_id}: {self.message}"


@dataclass
class ChainReport:
    table: str
    rows: int = 0
    head_id: int | None = None
    head_hash: str = GENESIS
    problem: Problem | None = None
    anchors_checked: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify(
    model, *, using=None, anchors: dict[int, str] | None = None, chunk_size: int = 2000
) -> ChainReport:
    """Recompute the chain of `model` in id order; stop at the first row that does not match.

    `anchors` ({id: hash} noted earlier, e.g. from the admin) must still be in the chain: then
    no row up to that id changed, even if the whole chain was rewritten consistently after it.
    """
    table = model._meta.db_table
    report = ChainReport(table=table)
    anchors = dict(anchors or {})
    previous_id = None
    rows = model._base_manager.using(using or router.db_for_read(model)).order_by("pk")
    for row in rows.iterator(chunk_size=chunk_size):
        report.rows += 1
        if row.chain_hash != row_hash(row):
            report.problem = Problem(
                table,
                row.pk,
                _(
                    "contenu modifié : l’empreinte recalculée ne correspond pas à l’empreinte "
                    "enregistrée (%(stored)s)."
                )
                % {"stored": row.chain_hash or "—"},
            )
        elif row.chain_previous != report.head_hash:
            if previous_id is None:
                where = _("c’est la première ligne restante : des lignes avant elle ont été supprimées")
            else:
                where = _(
                    "la ligne précédente restante (id=%(previous)s) a été réécrite, ou des lignes "
                    "entre elle et celle-ci ont été supprimées ou insérées"
                ) % {"previous": previous_id}
            report.problem = Problem(table, row.pk, _("lien rompu : %(where)s.") % {"where": where})
        elif row.pk in anchors:
            if anchors.pop(row.pk) == row.chain_hash:
                report.anchors_checked.append(row.pk)
            else:
                report.problem = Problem(
                    table,
                    row.pk,
                    _("empreinte différente de celle notée pour cette ligne : le registre a été réécrit."),
                )
        if report.problem:
            return report
        previous_id, report.head_id, report.head_hash = row.pk, row.pk, row.chain_hash
    if anchors:
        missing = min(anchors)
        report.problem = Problem(
            table,
            missing,
            _("la ligne notée n’existe plus : elle ou celles qui la suivent ont été supprimées."),
        )
    return report


# --- Migrations ------------------------------------------------------------------------------


def backfill(model, *, using: str, ignore: tuple[str, ...] = (), batch_size: int = 500) -> int:
    """Chain the rows written before a table was chained, in id order; returns their number.

    For data migrations (they run as the owner role): `model` may be a historical model, and
    `ignore` names the pgtrigger URIs of its append-only trigger, e.g.
    "legal.Acceptance:legal_acceptance_append_only", the one time rows are updated.
    """
    import pgtrigger

    manager = model._base_manager.using(using)
    previous, last_pk, count = GENESIS, None, 0
    with transaction.atomic(using=using), pgtrigger.ignore(*ignore, databases=[using]):
        while True:
            batch = manager.order_by("pk")
            if last_pk is not None:
                batch = batch.filter(pk__gt=last_pk)
            rows = list(batch[:batch_size])
            if not rows:
                return count
            for row in rows:
                row.chain_previous = previous
                row.chain_hash = previous = row_hash(row)
            manager.bulk_update(rows, ["chain_previous", "chain_hash"])
            last_pk, count = rows[-1].pk, count + len(rows)
