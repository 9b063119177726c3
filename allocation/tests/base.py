"""The workload tests' cast: the BaseTestCase offices plus a children's section (BKA) in Cirebon."""

import datetime
from decimal import Decimal

from accounts.models import Jenjang, Role, Section
from allocation.models import CapacityReduction, WorkingHours
from bapas.test import BaseTestCase, make_user
from clients.tests.factories import make_client
from movements.models import Transfer
from organizations.models import Office
from partners.codes import ServiceField
from partners.models import Partner
from referrals.models import Referral
from violations.models import Source, Violation, ViolationType


class WorkloadTestCase(BaseTestCase):
    """olivia (PK, BKD) guides three clients, one with an open violation, a transfer and a referral; bella (PK,
    BKA) guides a child and works 18.75 hours; bianca heads BKA; pat guides one client in Bandung."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.bianca = make_user("bianca", Role.SECTION_HEAD, office=cls.cirebon, section=Section.BKA)
        cls.bella = make_user(
            "bella",
            Role.PK,
            office=cls.cirebon,
            section=Section.BKA,
            full_name="Bella Anak",
            jenjang=Jenjang.AHLI_PERTAMA,
        )
        cls.clients = [make_client(cls.cirebon, officer=cls.olivia) for _ in range(3)]
        cls.child = make_client(cls.cirebon, officer=cls.bella, program="PB_ANAK")
        cls.pat_client = make_client(cls.bandung, officer=cls.pat, regency="32.73")
        episode = cls.clients[0].current_episode
        add_open_work(episode, cls.olivia)
        WorkingHours.objects.create(
            officer=cls.bella, valid_from=datetime.date(2026, 1, 1), hours_per_week=Decimal("18.75")
        )


def add_open_work(episode, officer, *, violations=1):
    """An open violation (and a closed one), an open transfer, an open referral on `episode`."""
    today = datetime.date(2026, 11, 20)
    for n in range(violations + 1):
        Violation.objects.create(
            episode=episode,
            office=episode.office,
            type=ViolationType.SK_KERESAHAN,
            occurred_on=today,
            reported_on=today,
            source=Source.PK,
            description="Uji",
            closed_at=None if n < violations else datetime.datetime(2026, 11, 25, tzinfo=datetime.UTC),
        )
    other = Office.objects.exclude(pk=episode.office_id).order_by("pk").first()
    Transfer.objects.create(
        episode=episode,
        from_office=episode.office,
        to_office=other,
        requested_on=today,
        requested_by=officer,
        new_address="Jl. Baru",
        new_regency_id="32.73",
        guarantor_name="Wali",
        guarantor_relationship="ayah",
        reason="Pindah",
        review="Telaah",
    )
    Referral.objects.create(
        client=episode.client,
        episode=episode,
        office=episode.office,
        partner=episode.office.partners.first()
        or Partner.objects.create(office=episode.office, name="Mitra Uji", kind=Partner.Kind.LEGAL_AID),
        field=ServiceField.values[0],
        needs="Uji",
        created_by=officer,
    )


def reduce(officer, hours, *, starts_on, ends_on, kind="cuti"):
    return CapacityReduction.objects.create(
        officer=officer, kind=kind, starts_on=starts_on, ends_on=ends_on, hours_per_week=Decimal(hours)
    )
