"""Demo profiles and agreements for the partners of one office, written in bulk (no audit rows, no PDFs).

    from partners import demo
    counts = demo.populate(office, today=today, rng=rng)

The demo builder creates partners with a name, a type, a group and the date they joined. This adds what
the partnership needs: fields of service by type, the office's working area as service area, contacts
and a capacity, the dates of the status steps, and a cooperation agreement from the date each partner
joined (three-year terms, renewed in a chain). A few agreements end within 90 and 30 days and one has
ended unrenewed, so the head's home page shows its warnings. Safe to run twice: partners that already
offer a field are left alone.
"""

from __future__ import annotations

import datetime
import random

from organizations.models import Office
from partners.codes import ServiceField
from partners.models import Agreement, AgreementField, Partner, PartnerField

FIELDS_BY_KIND = {
    Partner.Kind.LEGAL_AID: [ServiceField.LEGAL_AID],
    Partner.Kind.LAW_OFFICE: [ServiceField.LEGAL_AID],
    Partner.Kind.JOB_TRAINING: [ServiceField.INDEPENDENCE, ServiceField.EMPOWERMENT],
    Partner.Kind.SOCIAL_FOUNDATION: [ServiceField.SOCIAL, ServiceField.PERSONALITY],
    Partner.Kind.COMMUNITY_ORGANISATION: [ServiceField.SOCIAL],
    Partner.Kind.UNIVERSITY: [ServiceField.PERSONALITY, ServiceField.LEGAL_AID],
    Partner.Kind.PESANTREN: [ServiceField.PERSONALITY],
    Partner.Kind.BUSINESS: [ServiceField.EMPOWERMENT],
    Partner.Kind.GOVERNMENT: [ServiceField.SOCIAL, ServiceField.EMPOWERMENT],
    Partner.Kind.REHABILITATION: [ServiceField.PERSONALITY],
    Partner.Kind.OTHER: [ServiceField.SOCIAL],
}
LEADERS = ["H. Ahmad Fauzi", "Dra. Siti Aminah", "Ir. Bambang Wijaya", "Hj. Nurhayati", "Dr. Rudi Hartono"]
CONTACTS = ["Dedi Kurniawan", "Rina Marlina", "Asep Saepudin", "Yuli Astuti", "Fajar Nugraha", "Eka Pratiwi"]
TERM_YEARS = 3


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def populate(office: Office, *, today: datetime.date, rng: random.Random) -> dict[str, int]:
    partners = list(
        Partner.objects.filter(office=office).exclude(pk__in=PartnerField.objects.values("partner_id")).order_by("pk")
    )
    if not partners:
        return {}
    area = list(office.working_area.values_list("pk", flat=True))
    through = Partner.service_area.through
    fields, areas, agreements, scopes = [], [], [], []
    # Which partners get the warnings: one ended unrenewed, one ending within 30 days, two within 90.
    warned = {0: -20, 1: rng.randint(5, 29), 2: rng.randint(31, 89), 3: rng.randint(31, 89)}
    # The first partner of each kind is the one the demo's partner accounts log in to (demo.services):
    # it serves the whole area and is never among the warned, so the portal demo always works.
    first_of_kind = {}
    for index, partner in enumerate(partners):
        first_of_kind.setdefault(partner.kind, index)
    account_partners = set(first_of_kind.values())
    order = [i for i in range(len(partners)) if i not in account_partners]
    rng.shuffle(order)
    order += sorted(account_partners)
    for position, index in enumerate(order):
        partner = partners[index]
        offered = FIELDS_BY_KIND.get(partner.kind, [ServiceField.SOCIAL])
        fields += [PartnerField(partner=partner, field=f) for f in offered]
        served = area if index in account_partners or len(area) <= 2 else rng.sample(area, k=rng.randint(2, len(area)))
        areas += [through(partner_id=partner.pk, regency_id=code) for code in served]
        joined = partner.joined_on or today - datetime.timedelta(days=rng.randint(30, 900))
        partner.joined_on = joined
        partner.identified_on = joined - datetime.timedelta(days=rng.randint(60, 120))
        partner.verified_on = joined - datetime.timedelta(days=rng.randint(10, 50))
        partner.activated_on = joined
        partner.leader_name = rng.choice(LEADERS)
        partner.contact_name = rng.choice(CONTACTS)
        partner.phone = f"08{rng.randint(11, 99)}{rng.randint(10_000_000, 99_999_999)}"
        partner.capacity = rng.choice([5, 8, 10, 15, 20, 30])
        # The chain of three-year agreements from the joining date up to today.
        starts = joined
        chain = []
        while True:
            ends = _add_years(starts, TERM_YEARS) - datetime.timedelta(days=1)
            chain.append((starts, ends))
            if ends >= today:
                break
            starts = ends + datetime.timedelta(days=1)
        if position in warned:
            starts, _ends = chain[-1]
            ends = today + datetime.timedelta(days=warned[position])
            chain[-1] = (min(starts, ends - datetime.timedelta(days=365)), ends)
        for n, (starts, ends) in enumerate(chain, start=1):
            agreements.append(
                (
                    partner,
                    n,
                    Agreement(
                        partner=partner,
                        office=office,
                        number_office=f"W.PAS.{office.pk}-PK.01.05-{partner.pk:04d}/{starts.year}",
                        number_partner=f"{n:03d}/MITRA-{partner.pk}/{starts.year}",
                        signed_on=starts,
                        occasion="Rapat evaluasi Pokmas Lipas",
                        office_signatory="Kepala Bapas",
                        partner_signatory=partner.leader_name,
                        starts_on=starts,
                        ends_on=ends,
                    ),
                )
            )
    PartnerField.objects.bulk_create(fields)
    through.objects.bulk_create(areas)
    Partner.objects.bulk_update(
        partners,
        [
            "joined_on",
            "identified_on",
            "verified_on",
            "activated_on",
            "leader_name",
            "contact_name",
            "phone",
            "capacity",
        ],
    )
    # Create in order so each renewal can name the agreement before it.
    previous: dict[int, Agreement] = {}
    created = []
    for partner, n, agreement in agreements:
        if n > 1:
            agreement.renews = previous[partner.pk]
        agreement.save()
        previous[partner.pk] = agreement
        created.append(agreement)
        offered = FIELDS_BY_KIND.get(partner.kind, [ServiceField.SOCIAL])
        scopes += [AgreementField(agreement=agreement, field=f) for f in offered]
    AgreementField.objects.bulk_create(scopes)
    return {"partner profiles": len(partners), "cooperation agreements": len(created)}
