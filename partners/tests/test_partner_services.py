import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from partners import services
from partners.codes import ServiceField
from partners.models import Partner
from partners.tests.base import PartnersTestCase
from partners.tests.factories import make_agreement, make_partner
from regions.models import Regency


def _profile(**overrides):
    data = {
        "name": "Yayasan Uji Mandiri",
        "kind": Partner.Kind.SOCIAL_FOUNDATION,
        "group": Partner.Group.INDEPENDENCE_PERSONALITY,
        "leader_name": "Ibu Ketua",
        "contact_name": "Pak Kontak",
        "phone": "0812",
        "email": "uji@example.org",
        "address": "Jl. Mitra 1",
        "regency": Regency.objects.get(pk="32.09"),
        "village": None,
        "latitude": None,
        "longitude": None,
        "capacity": 15,
        "service_fields": [ServiceField.INDEPENDENCE, ServiceField.EMPOWERMENT],
        "service_area": list(Regency.objects.filter(pk__in=["32.09", "32.74"])),
    }
    data.update(overrides)
    return data


class PartnerCreateTestCase(PartnersTestCase):
    def test_it_records_an_identified_partner_with_its_fields_and_area(self):
        partner = services.partner_create(office=self.cirebon, acting_user=self.hana, **_profile())
        self.assertEqual(partner.status, Partner.Status.IDENTIFIED)
        self.assertEqual(partner.identified_on, timezone.localdate())
        self.assertEqual(
            sorted(partner.service_fields.values_list("field", flat=True)), ["kemandirian", "pemberdayaan"]
        )
        self.assertEqual(sorted(partner.service_area.values_list("pk", flat=True)), ["32.09", "32.74"])
        self.assertEqual(list(Partner.objects.offering("pemberdayaan").serving("32.74")), [partner])
        event = AuditEvent.objects.get(action="partner.created")
        self.assertEqual(event.office, self.cirebon)
        self.assertEqual(event.changes["service_fields"], [None, ["kemandirian", "pemberdayaan"]])
        self.assertEqual(event.changes["service_area"], [None, ["32.09", "32.74"]])

    def test_it_refuses_a_service_area_outside_the_working_area_and_no_field(self):
        bandung = Regency.objects.get(pk="32.73")
        with self.assertRaises(ValidationError) as caught:
            services.partner_create(
                office=self.cirebon,
                acting_user=self.hana,
                **_profile(service_fields=[], service_area=[bandung]),
            )
        errors = caught.exception.message_dict
        self.assertEqual(errors["service_fields"], ["Choose at least one field of service."])
        self.assertEqual(errors["service_area"], [f"Outside the working area of {self.cirebon}: {bandung}."])
        self.assertFalse(Partner.objects.filter(name="Yayasan Uji Mandiri").exists())
        self.assertFalse(AuditEvent.objects.filter(action="partner.created").exists())

    def test_it_refuses_a_duplicate_name_in_the_office(self):
        with self.assertRaises(ValidationError) as caught:
            services.partner_create(office=self.cirebon, acting_user=self.hana, **_profile(name="LBH Uji"))
        self.assertIn("This office already has a partner with this name.", caught.exception.messages)


class PartnerUpdateTestCase(PartnersTestCase):
    def test_it_saves_and_audits_only_the_changes(self):
        partner = services.partner_create(office=self.cirebon, acting_user=self.hana, **_profile())
        updated = services.partner_update(
            partner=partner,
            acting_user=self.ada,
            expected_version=partner.version,
            **_profile(capacity=20, service_fields=[ServiceField.INDEPENDENCE]),
        )
        self.assertEqual(updated.capacity, 20)
        self.assertEqual(list(updated.service_fields.values_list("field", flat=True)), ["kemandirian"])
        event = AuditEvent.objects.get(action="partner.updated")
        self.assertEqual(
            event.changes,
            {"capacity": [15, 20], "service_fields": [["kemandirian", "pemberdayaan"], ["kemandirian"]]},
        )
        services.partner_update(
            partner=updated,
            acting_user=self.ada,
            expected_version=updated.version,
            **_profile(capacity=20, service_fields=[ServiceField.INDEPENDENCE]),
        )
        self.assertEqual(AuditEvent.objects.filter(action="partner.updated").count(), 1)

    def test_it_refuses_a_stale_form(self):
        partner = services.partner_create(office=self.cirebon, acting_user=self.hana, **_profile())
        services.partner_update(partner=partner, acting_user=self.ada, expected_version=1, **_profile(capacity=3))
        with self.assertRaises(ValidationError) as caught:
            services.partner_update(partner=partner, acting_user=self.ada, expected_version=1, **_profile(capacity=9))
        self.assertIn("changed by someone else", caught.exception.messages[0])
        partner.refresh_from_db()
        self.assertEqual(partner.capacity, 3)


class PartnerStatusChangeTestCase(PartnersTestCase):
    def setUp(self):
        super().setUp()
        self.partner = make_partner(self.cirebon, status=Partner.Status.IDENTIFIED)
        self.today = timezone.localdate()

    def _change(self, status, **kwargs):
        return services.partner_status_change(partner=self.partner, acting_user=self.hana, status=status, **kwargs)

    def test_it_walks_the_steps_with_their_dates_and_audit_rows(self):
        yesterday = self.today - datetime.timedelta(days=1)
        self._change(Partner.Status.VERIFIED, on=yesterday)
        make_agreement(self.partner)
        self._change(Partner.Status.ACTIVE)
        self._change(Partner.Status.INACTIVE, note="Pengurus berganti")
        self._change(Partner.Status.ACTIVE)
        partner = self._change(Partner.Status.ENDED, note="Yayasan bubar")
        self.assertEqual(partner.status, Partner.Status.ENDED)
        self.assertEqual(partner.verified_on, yesterday)
        self.assertEqual(partner.activated_on, self.today)
        self.assertIsNone(partner.inactive_since)
        self.assertEqual(partner.ended_on, self.today)
        self.assertEqual(partner.joined_on, self.today)
        self.assertEqual(partner.status_note, "Yayasan bubar")
        events = AuditEvent.objects.filter(action="partner.status_changed").order_by("pk")
        self.assertEqual(
            [e.changes["status"] for e in events],
            [
                ["identified", "verified"],
                ["verified", "active"],
                ["active", "inactive"],
                ["inactive", "active"],
                ["active", "ended"],
            ],
        )
        self.assertEqual(events.last().data, {"note": "Yayasan bubar"})

    def test_it_refuses_a_step_out_of_order(self):
        with self.assertRaises(ValidationError) as caught:
            self._change(Partner.Status.ACTIVE)
        self.assertEqual(
            caught.exception.message_dict["status"], ["A partner that is identified cannot become active."]
        )
        self.partner.refresh_from_db()
        self.assertEqual(self.partner.status, Partner.Status.IDENTIFIED)

    def test_an_ended_partnership_is_final(self):
        self._change(Partner.Status.ENDED, note="Tidak memenuhi syarat")
        for status in Partner.Status.values:
            with self.subTest(status=status), self.assertRaises(ValidationError):
                self._change(status, note="x")

    def test_activation_needs_an_agreement_in_force(self):
        self._change(Partner.Status.VERIFIED)
        make_agreement(self.partner, starts_on=self.today + datetime.timedelta(days=5))
        with self.assertRaises(ValidationError) as caught:
            self._change(Partner.Status.ACTIVE)
        self.assertIn("has no cooperation agreement in force", caught.exception.message_dict["status"][0])
        self.assertFalse(AuditEvent.objects.filter(changes__status=["verified", "active"]).exists())

    def test_stepping_down_needs_a_reason_and_no_future_date(self):
        self.partner.status = Partner.Status.ACTIVE
        self.partner.save(update_fields=["status"])
        with self.assertRaises(ValidationError) as caught:
            self._change(Partner.Status.INACTIVE, on=self.today + datetime.timedelta(days=1), note=" ")
        self.assertEqual(
            caught.exception.message_dict,
            {"on": ["The date cannot be in the future."], "note": ["Give the reason."]},
        )
