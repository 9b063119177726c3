"""Loading the region hierarchy from the published CSV files of idn-area-data."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from regions.models import District, Province, Regency, Village

ATTRIBUTION = (
    "Region data: idn-area-data (github.com/fityannugroho/idn-area-data) by Fityan and contributors, "
    "based on Kemendagri regulation; Open Database License (ODbL) 1.0."
)

# (model, file name, parent field, parent column)
_LEVELS = [
    (Province, "provinces.csv", None, None),
    (Regency, "regencies.csv", "province_id", "province_code"),
    (District, "districts.csv", "regency_id", "regency_code"),
    (Village, "villages.csv", "district_id", "district_code"),
]


@dataclass
class LoadResult:
    provinces: int
    regencies: int
    districts: int
    villages: int


class RegionDataError(Exception):
    """The data directory is missing or a file does not have the expected columns."""


def _read(path: Path, parent_column: str | None) -> list[tuple[str, str, str | None]]:
    if not path.is_file():
        raise RegionDataError(f"{path} not found; run `make install` to fetch idn-area-data.")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        needed = {"code", "name"} | ({parent_column} if parent_column else set())
        missing = needed - set(reader.fieldnames or [])
        if missing:
            raise RegionDataError(f"{path.name} lacks column(s): {', '.join(sorted(missing))}.")
        return [(row["code"], row["name"], row[parent_column] if parent_column else None) for row in reader]


@transaction.atomic
def regions_load(*, data_dir: Path, batch_size: int = 5000) -> LoadResult:
    """Insert or update every area from `data_dir`; safe to run again.

    Uses one upsert per batch (INSERT … ON CONFLICT DO UPDATE on both SQLite and
    PostgreSQL), so a reload changes renamed areas and adds new ones without
    touching rows that other tables point to. Areas are never deleted here:
    a code that disappears may still be referenced by a client's address.
    """
    counts = []
    for model, filename, parent_field, parent_column in _LEVELS:
        rows = _read(data_dir / filename, parent_column)
        objects = []
        for code, name, parent in rows:
            fields = {"code": code, "name": name}
            if parent_field:
                fields[parent_field] = parent
            objects.append(model(**fields))
        update_fields = ["name"] + ([parent_field.removesuffix("_id")] if parent_field else [])
        model.objects.bulk_create(
            objects,
            batch_size=batch_size,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=update_fields,
        )
        counts.append(len(objects))
    return LoadResult(*counts)
