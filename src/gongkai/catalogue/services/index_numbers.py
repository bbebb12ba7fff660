"""索引号 (DOMAIN.md §6.3): ``{机构代码}-{栏目代码}-{年份}-{五位序号}``, e.g. KQZ-GZDT-2023-00001.

* assigned once, when a record is first published (or migrated as published), from the year
  of its 发布日期 and the code of its category at that moment; never changed afterwards, even
  if the record moves to another category or the agency's code changes;
* the sequence runs per (agency, category code, year) in :class:`IndexSequence`, whose row is
  locked (``SELECT … FOR UPDATE``) by the publishing transaction, so two reviewers publishing
  at the same moment wait for each other and get consecutive numbers;
* a number already taken (e.g. one kept from an old site during a migration) is skipped.
"""

from __future__ import annotations

import re

from gongkai.catalogue.models import IndexSequence, Record

INDEX_NO_RE = re.compile(
    r"^(?P<agency>[A-Za-z0-9]+)-(?P<category>[A-Z0-9-]+)-(?P<year>\d{4})-(?P<seq>\d{5,})$"
)


def format_index_no(*, agency_code: str, category_code: str, year: int, sequence: int) -> str:
    return f"{agency_code}-{category_code.upper()}-{year:04d}-{sequence:05d}"


def index_no_next(*, agency_id: int, agency_code: str, category_code: str, year: int) -> str:
    """The next free 索引号; must run inside the publishing transaction."""
    key = {"agency_id": agency_id, "category_code": category_code, "year": year}
    sequence = IndexSequence.objects.select_for_update().filter(**key).first()
    if sequence is None:
        # the first number of the year: create the row (a concurrent creator wins, we wait)
        IndexSequence.objects.bulk_create([IndexSequence(**key, last=0)], ignore_conflicts=True)
        sequence = IndexSequence.objects.select_for_update().get(**key)
    while True:
        sequence.last += 1
        candidate = format_index_no(
            agency_code=agency_code,
            category_code=category_code,
            year=year,
            sequence=sequence.last,
        )
        if not Record.objects.filter(index_no=candidate).exists():
            break
    sequence.save(update_fields=["last"])
    return candidate
