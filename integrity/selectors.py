"""Reads: the head of each hash chain, for the admin's integrity proof page."""

from dataclasses import dataclass
from datetime import datetime

from . import chain, registry


@dataclass(frozen=True)
class ChainHead:
    label: str
    table: str
    row_id: int | None
    row_hash: str
    row_at: datetime | None

    @property
    def anchor(self) -> str:
        """What `verify_ledger --anchor` takes."""
        return f"{self.table}:{self.row_id}:{self.row_hash}"


def can_view(user, model) -> bool:
    return user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")


def visible_chains(user) -> list:
    return [model for model in registry.chained_models() if can_view(user, model)]


def chain_heads(models) -> list[ChainHead]:
    heads = []
    for model in models:
        field = model.chain_timestamp_field
        row = model._base_manager.order_by("-pk").values("pk", chain.HASH_COLUMN, field).first()
        heads.append(
            ChainHead(
                label=str(model._meta.verbose_name_plural),
                table=model._meta.db_table,
                row_id=row["pk"] if row else None,
                row_hash=row[chain.HASH_COLUMN] if row else chain.GENESIS,
                row_at=row[field] if row else None,
            )
        )
    return heads
