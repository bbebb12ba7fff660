"""Re-encryption of personal data at rest after a key rotation (``gongkai rekey``).

Every :class:`~gongkai.core.fields.EncryptedTextField` of every model is re-encrypted with the
first key of ``GONGKAI_FIELD_KEYS``, and every keyed digest registered in :data:`DIGESTS` is
recomputed with it. Rows are taken in batches in primary-key order; each batch is one
transaction that locks its rows (``select_for_update``), so a staff member saving an application
meanwhile waits for the batch instead of being overwritten, and a failure leaves the batches
before it done and the rest as they were — readable with the keys of the rotation either way.

Running it again finds nothing to do (idempotent). Values that no configured key decrypts are
left untouched and counted: the key they need is missing from ``GONGKAI_FIELD_KEYS``. The values
each configured key decrypts are counted too (before re-encryption): after a complete run no
stored value needs the older keys, and a dry run shows which of them some value still needs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast

from gongkai.core.fields import EncryptedTextField, is_encrypted, key_position


@dataclass(frozen=True)
class Digest:
    """Keyed digests of a model computed from some of its fields (plain values)."""

    sources: tuple[str, ...]
    targets: tuple[str, ...]
    compute: Callable[[dict[str, Any]], dict[str, str]]


#: model label → its keyed digests; an app registers its own in ``AppConfig.ready``.
DIGESTS: dict[str, Digest] = {}
BATCH_SIZE = 500


@dataclass
class RekeyCount:
    """What ``rekey`` found for one model."""

    model: str
    rows: int = 0
    values: int = 0  # non-empty encrypted-field values
    reencrypted: int = 0  # values not under the first key (re-encrypted, or to be)
    digests: int = 0  # digests that changed (or will)
    unreadable: int = 0  # values no configured key decrypts (left untouched)
    plain: int = 0  # values written before encryption (encrypted, or to be)
    #: position of a configured key (0: the first) → the values it decrypted
    by_key: dict[int, int] = field(default_factory=dict)
    batches: int = 0

    def add(self, batch: RekeyCount) -> None:
        """Count a committed batch."""
        self.rows += batch.rows
        self.values += batch.values
        self.reencrypted += batch.reencrypted
        self.digests += batch.digests
        self.unreadable += batch.unreadable
        self.plain += batch.plain
        for position, values in batch.by_key.items():
            self.by_key[position] = self.by_key.get(position, 0) + values
        self.batches += 1


@dataclass
class RekeySummary:
    models: list[RekeyCount] = field(default_factory=list)

    @property
    def reencrypted(self) -> int:
        return sum(m.reencrypted for m in self.models)

    @property
    def digests(self) -> int:
        return sum(m.digests for m in self.models)

    @property
    def unreadable(self) -> int:
        return sum(m.unreadable for m in self.models)

    @property
    def plain(self) -> int:
        return sum(m.plain for m in self.models)

    def by_key(self) -> dict[int, int]:
        """Position of a configured key (0: the first) → the values it decrypted."""
        total: dict[int, int] = {}
        for m in self.models:
            for position, values in m.by_key.items():
                total[position] = total.get(position, 0) + values
        return total

    def as_details(self) -> dict[str, Any]:
        return {
            m.model: {
                "rows": m.rows,
                "values": m.values,
                "reencrypted": m.reencrypted,
                "digests": m.digests,
                "unreadable": m.unreadable,
                "plain": m.plain,
                # 1-based, as the command names the keys (第 1 个密钥)
                "by_key": {str(p + 1): n for p, n in sorted(m.by_key.items())},
            }
            for m in self.models
        }


def encrypted_models() -> Iterator[tuple[type[models.Model], list[str]]]:
    """Every installed model with encrypted fields, and the names of those fields."""
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            yield model, names


def _raw(name: str) -> str:
    return f"_rekey_raw_{name}"


def _batch(
    model: type[models.Model], names: list[str], pks: list[Any], *, dry_run: bool
) -> RekeyCount:
    """Re-encrypt one batch of rows (the caller holds the transaction); what it found."""
    count = RekeyCount(model=model._meta.label, rows=len(pks))
    digest = DIGESTS.get(model._meta.label)
    extra = (*digest.sources, *digest.targets) if digest is not None else ()
    rows = (
        model._default_manager.select_for_update()
        .filter(pk__in=pks)
        .annotate(**{_raw(n): Cast(n, output_field=models.TextField()) for n in names})
        .values("pk", *dict.fromkeys([*names, *extra]), *[_raw(n) for n in names])
    )
    for row in rows:
        changes: dict[str, Any] = {}
        readable = True
        for name in names:
            raw = row[_raw(name)] or ""
            if not raw:
                continue
            count.values += 1
            if is_encrypted(raw):
                position = key_position(raw)
                if position is None:
                    count.unreadable += 1
                    readable = False
                    continue
                count.by_key[position] = count.by_key.get(position, 0) + 1
                if position == 0:
                    continue  # under the first key already
            else:
                count.plain += 1  # written before encryption
            count.reencrypted += 1
            changes[name] = row[name]  # plain text: the field encrypts it with the first key
        if digest is not None and readable:
            for target, value in digest.compute({k: row[k] for k in digest.sources}).items():
                if row[target] != value:
                    count.digests += 1
                    changes[target] = value
        if changes and not dry_run:
            model._default_manager.filter(pk=row["pk"]).update(**changes)
    return count


def rekey(
    *,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[RekeyCount], None] | None = None,
    summary: RekeySummary | None = None,
) -> RekeySummary:
    """Re-encrypt every encrypted value and recompute every keyed digest with the first key.

    ``on_batch`` is called after each committed batch (progress output); ``summary``, when
    given, is filled as the batches commit (what was done before a failure)."""
    summary = summary if summary is not None else RekeySummary()
    for model, names in encrypted_models():
        count = RekeyCount(model=model._meta.label)
        summary.models.append(count)
        manager = model._default_manager
        last: Any = None
        while True:
            page = manager.order_by("pk")
            if last is not None:
                page = page.filter(pk__gt=last)
            pks = list(page.values_list("pk", flat=True)[:batch_size])
            if not pks:
                break
            with transaction.atomic():
                batch = _batch(model, names, pks, dry_run=dry_run)
            count.add(batch)  # committed
            last = pks[-1]
            if on_batch is not None:
                on_batch(count)
    return summary
