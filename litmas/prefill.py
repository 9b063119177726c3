"""What the system already knows about the person of a Litmas, as plain Indonesian text the PK edits.

A report template's section names a source in its `prefill` key (`ReportTemplate.sections`); `SOURCES` maps
each key to a function of the request that writes that section's first draft from the register: the
client's identity, case, sentence milestones, guarantors, earlier episodes. The text is the report's own
language (Indonesian) whatever the PK's interface language, and it is only an offer: it fills a section that
is still empty, and the PK changes it as they find the facts in the field.

A person the office does not yet guide (no client record) has only the request's `person_*` fields: their
identity is written from those, and every other source says nothing (an empty text).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone, translation

from assessment import selectors as assessment_selectors
from clients import rules
from clients.codes import Sex
from clients.models import Case, Client
from lib.dates import long_date
from litmas.models import LitmasRequest

# The milestones of a sentence the integration programmes are counted from (domain notes §7): asimilasi
# and a child's PB from 1/2, PB from 2/3; the case board reviews progress at 1/3.
MILESTONES = [("1/3", Decimal("0.3333")), ("1/2", Decimal("0.5")), ("2/3", Decimal("0.6667"))]
NO_ASSESSMENT = "Belum ada asesmen risiko dan kebutuhan yang tercatat di sistem."


def _in_indonesian(source: Callable[[LitmasRequest], str]) -> Callable[[LitmasRequest], str]:
    """The source writes the report's language (labels of code lists, month names) whatever the user's."""

    @functools.wraps(source)
    def written(request: LitmasRequest) -> str:
        with translation.override("id"):
            return source(request)

    return written


def _lines(rows: list[tuple[str, object]]) -> str:
    """ "Label: value" lines, leaving out empty values."""
    return "\n".join(f"{label}: {value}" for label, value in rows if value not in (None, ""))


def _age(birth, today) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _sex_label(sex: str) -> str:
    labels: dict[str, str] = {Sex.MALE: "Laki-laki", Sex.FEMALE: "Perempuan"}
    return labels.get(sex, "")


def _duration(years: int, months: int, days: int) -> str:
    """ "2 tahun 6 bulan": the parts that are not zero."""
    return " ".join(f"{n} {unit}" for n, unit in ((years, "tahun"), (months, "bulan"), (days, "hari")) if n)


def _sentence(case: Case) -> str:
    return _duration(case.sentence_years, case.sentence_months, case.sentence_days)


def _latest_case(client: Client) -> Case | None:
    """The case of the client's current episode, or else the latest decision."""
    if client.current_episode_id and client.current_episode:
        return client.current_episode.case
    return client.cases.order_by("-decision_date", "-pk").first()


@_in_indonesian
def identity(request: LitmasRequest) -> str:
    today = timezone.localdate()
    client = request.client
    if client is None:
        birth = request.person_birth_date
        return _lines(
            [
                ("Nama", request.person_name),
                ("NIK", request.person_nik),
                ("Tanggal lahir", f"{long_date(birth)} (umur {_age(birth, today)} tahun)" if birth else ""),
                ("Jenis kelamin", _sex_label(request.person_sex)),
                ("Catatan", "Belum terdaftar sebagai klien Bapas; lengkapi data dari wawancara."),
            ]
        )
    return _lines(
        [
            ("Nama", client.full_name),
            ("Nama alias", client.alias),
            ("NIK", client.nik),
            ("Nomor register Bapas", client.register_number),
            (
                "Tempat, tanggal lahir",
                f"{client.birth_place}, {long_date(client.birth_date)} (umur {_age(client.birth_date, today)} tahun)",
            ),
            ("Jenis kelamin", _sex_label(client.sex)),
            ("Agama", client.get_religion_display()),
            ("Status perkawinan", client.get_marital_status_display()),
            ("Pendidikan terakhir", client.get_education_display()),
            ("Pekerjaan", client.occupation or client.get_employment_display()),
            ("Kewarganegaraan", client.nationality),
            ("Alamat", client.address),
            ("Kabupaten/kota", client.domicile_regency.name),
            ("Telepon", client.phone),
        ]
    )


@_in_indonesian
def case(request: LitmasRequest) -> str:
    if request.client is None:
        return ""
    found = _latest_case(request.client)
    if found is None:
        return ""
    articles = "; ".join(str(article) for article in found.articles.all())
    subsidiary = _duration(0, found.subsidiary_months, found.subsidiary_days)
    fine = f"Rp{found.fine:,.0f}".replace(",", ".") if found.fine else ""
    if fine and subsidiary:
        fine = f"{fine} subsider {subsidiary}"
    return _lines(
        [
            ("Putusan pengadilan", f"{found.decision_number}, tanggal {long_date(found.decision_date)}"),
            ("Pengadilan", found.court),
            ("Pasal", articles),
            ("Pidana penjara", _sentence(found)),
            ("Denda", fine),
            ("Ditahan sejak", long_date(found.detention_start) if found.detention_start else ""),
            ("Tanggal ekspirasi", long_date(found.expiry_date) if found.expiry_date else ""),
            ("Asal UPT", found.origin_prison),
            ("Nomor register UPT", found.prison_register_number),
            ("Residivis", "Ya" if found.is_repeat_offender else "Tidak"),
        ]
    )


@_in_indonesian
def sentence_dates(request: LitmasRequest) -> str:
    """1/3, 1/2 and 2/3 of the sentence as `clients.rules.served_point` counts them (the eligibility checks)."""
    if request.client is None:
        return ""
    found = _latest_case(request.client)
    if found is None:
        return ""
    if found.detention_start is None or not (found.sentence_years or found.sentence_months or found.sentence_days):
        return "Tanggal mulai ditahan atau lama pidana belum tercatat: tahapan pembinaan belum dapat dihitung."
    rows: list[tuple[str, object]] = [
        ("Lama pidana", _sentence(found)),
        ("Mulai ditahan", long_date(found.detention_start)),
    ]
    rows += [(f"{label} masa pidana", long_date(rules.served_point(found, share))) for label, share in MILESTONES]
    rows.append(("Pidana berakhir (tanpa remisi)", long_date(rules.sentence_end(found))))
    if found.expiry_date:
        rows.append(("Tanggal ekspirasi (setelah remisi)", long_date(found.expiry_date)))
    text = _lines(rows) + "\n(Dihitung dari tanggal mulai ditahan, tanpa remisi.)"
    episode = request.client.current_episode
    if episode is not None:  # the guidance under way: when the case board reviews its phases (the rule set's dates)
        phases = rules.phase_review_dates(episode.rule_set, starts_on=episode.starts_on, ends_on=episode.ends_on)
        text += "\n" + _lines(
            [
                (
                    f"Masa bimbingan {episode.get_program_display()}",
                    f"{long_date(episode.starts_on)} s.d. {long_date(episode.ends_on)}",
                ),
                ("Tahap lanjutan ditinjau sidang TPP mulai", long_date(phases.continued_from)),
                ("Tahap akhir ditinjau sidang TPP mulai", long_date(phases.final_from)),
            ]
        )
    return text


def _guarantor_rows(client: Client) -> list[str]:
    return [
        "; ".join(
            part
            for part in (
                f"{guarantor.name} ({guarantor.get_relationship_display()})",
                f"NIK {guarantor.nik}" if guarantor.nik else "",
                f"telepon {guarantor.phone}" if guarantor.phone else "",
                guarantor.address,
            )
            if part
        )
        for guarantor in client.guarantors.all()
    ]


@_in_indonesian
def guarantors(request: LitmasRequest) -> str:
    if request.client is None:
        return ""
    rows = _guarantor_rows(request.client)
    if not rows:
        return "Belum ada penjamin yang tercatat."
    return "\n".join(f"{n}. {row}" for n, row in enumerate(rows, start=1))


@_in_indonesian
def family(request: LitmasRequest) -> str:
    """The register keeps no family of its own: the guarantors, mostly family, and their relationship."""
    if request.client is None:
        return ""
    rows = _guarantor_rows(request.client)
    lines = [
        f"Status perkawinan klien: {request.client.get_marital_status_display()}.",
        "Susunan keluarga belum dicatat tersendiri di sistem; yang tercatat adalah penjamin dan hubungannya "
        "dengan klien:"
        if rows
        else "Susunan keluarga dan penjamin belum dicatat di sistem.",
    ]
    lines += [f"{n}. {row}" for n, row in enumerate(rows, start=1)]
    return "\n".join(lines)


@_in_indonesian
def history(request: LitmasRequest) -> str:
    """The client's episodes (programmes) at this office, oldest first."""
    if request.client is None:
        return ""
    episodes = request.client.episodes.select_related("officer").order_by("starts_on", "pk")
    rows = [
        f"{n}. {episode.get_program_display()}, SK {episode.decree_number} tanggal {long_date(episode.decree_date)}; "
        f"{long_date(episode.starts_on)} s.d. {long_date(episode.ends_on)}; {episode.get_status_display()}"
        + (f"; PK {episode.officer.get_full_name()}" if episode.officer else "")
        for n, episode in enumerate(episodes, start=1)
    ]
    return "\n".join(rows) if rows else "Belum pernah dibimbing Bapas ini."


@_in_indonesian
def assessment(request: LitmasRequest) -> str:
    """The client's latest final risk assessment (`assessment` app): instrument, date, score, category, domains."""
    found = assessment_selectors.latest_final_of(request.client_id) if request.client_id else None
    if found is None:
        return NO_ASSESSMENT
    lines = [
        f"Instrumen: {found.instrument}" + (" (contoh, bukan bobot resmi RRI)" if found.instrument.is_sample else ""),
        f"Tanggal asesmen: {found.assessed_on:%d-%m-%Y}",
        f"Skor total: {found.total_score}; kategori risiko: {found.get_category_display()}",
    ]
    if found.domain_scores:
        names = dict(found.instrument.domains.values_list("code", "name"))
        scores = [f"{names.get(code, code)} {score}" for code, score in found.domain_scores.items()]
        lines.append("Skor per domain: " + "; ".join(scores))
    return "\n".join(lines)


SOURCES: dict[str, Callable[[LitmasRequest], str]] = {
    "identity": identity,
    "case": case,
    "sentence_dates": sentence_dates,
    "guarantors": guarantors,
    "family": family,
    "history": history,
    "assessment": assessment,
}


def prefill(request: LitmasRequest, *, only_empty: dict[str, str] | None = None) -> dict[str, str]:
    """The offered text by section key, for the sections of the request's template that name a source.

    With `only_empty` (the saved content), sections that already hold text are left out. Sections whose
    source has nothing to say are left out too.
    """
    only_empty = only_empty or {}
    offered: dict[str, str] = {}
    for section in request.litmas_type.template.sections:
        source = SOURCES.get(section.get("prefill") or "")
        if source is None or str(only_empty.get(section["key"], "")).strip():
            continue
        text = source(request)
        if text:
            offered[section["key"]] = text
    return offered
