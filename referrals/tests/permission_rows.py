"""Rows of the permission matrix (bapas/tests/test_permission_matrix.py) for every referrals URL."""

from django.core.files.base import ContentFile

from bapas.tests.test_permission_matrix import CLIENT_VIEWERS, GET_ONLY, NOT_IN_CASELOAD, expected
from partners.codes import ServiceField
from referrals.models import Document, GroupActivity, GroupParticipant, Need, Referral, ReferralSession

REFERRERS = {"sam", "olivia", "pat"}  # referral.create: PK and section head
APPROVERS = {"sam", "hana", "joko"}  # referral.approve: section head and head
PARTNER_VIEWERS = {"ada", "nadia", "bert", "hana", "joko", "sam", "olivia", "alan", "pat", "reggie"}
PARTNER_MANAGERS = {"ada", "nadia", "bert", "hana", "joko"}
PORTAL = {"paula"}

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _objects(case):
    """An accepted referral of olivia's client to LBH Uji (paula's partner), with a session that raised a
    concern, a document, and a group activity. Made once per test."""
    if hasattr(case, "_referral_objects"):
        return case._referral_objects
    client = case.ada_client
    now = case.NOW
    referral = Referral.objects.create(
        client=client,
        episode=client.current_episode,
        office=case.cirebon,
        partner=case.lbh,
        field=ServiceField.LEGAL_AID,
        needs="Pendampingan hukum",
        created_by=case.olivia,
        sent_at=now,
        respond_by=case.TODAY,
        accepted_at=now,
        accepted_by=case.paula,
    )
    referral.outcomes.create(description="Memahami haknya", order=1)
    session = ReferralSession.objects.create(
        referral=referral,
        held_on=case.TODAY,
        attendance="attended",
        summary="Konsultasi",
        concern=True,
        concern_note="Perlu perhatian",
        recorded_by=case.paula,
        recorded_at=now,
    )
    document = Document(
        referral=referral, content_type="application/pdf", original_name="hadir.pdf", uploaded_by=case.paula
    )
    document.file.save("hadir.pdf", ContentFile(PDF), save=True)
    activity = GroupActivity.objects.create(
        partner=case.lbh,
        office=case.cirebon,
        held_on=case.TODAY,
        title="Penyuluhan hukum",
        field=ServiceField.LEGAL_AID,
        hours=2,
        outcome="Dua belas klien hadir",
        created_by=case.paula,
    )
    GroupParticipant.objects.create(
        activity=activity, episode=client.current_episode, client=client, attendance="attended"
    )
    need = Need.objects.create(
        episode=client.current_episode,
        office=case.cirebon,
        field=ServiceField.SOCIAL,
        description="Perlu pendampingan sosial",
        noted_by=case.olivia,
    )
    case._referral_objects = (referral, session, document, activity, need)
    return case._referral_objects


def rows(case) -> dict:
    referral, session, document, activity, need = _objects(case)
    r, client = referral.pk, case.ada_client.pk
    return {
        "referrals:create": ([client], expected(REFERRERS, scoped=True)),
        "referrals:need_create": ([client], expected(REFERRERS, scoped=True)),
        "referrals:need_close": ([need.pk], expected(REFERRERS, scoped=True)),
        "referrals:detail": ([r], expected(CLIENT_VIEWERS, scoped=True, hidden=NOT_IN_CASELOAD), GET_ONLY),
        "referrals:approve": ([r], expected(APPROVERS, scoped=True)),
        "referrals:withdraw": ([r], expected(REFERRERS, scoped=True)),
        "referrals:close": ([r], expected(REFERRERS, scoped=True)),
        "referrals:concern": ([session.pk], expected(REFERRERS, scoped=True)),
        "referrals:document": ([document.pk], expected(CLIENT_VIEWERS, scoped=True, hidden=NOT_IN_CASELOAD), GET_ONLY),
        "referrals:activity_list": ([], expected(PARTNER_VIEWERS, scoped=False), GET_ONLY),
        "referrals:settings": ([case.cirebon.pk], expected(PARTNER_MANAGERS, scoped=True)),
        "referrals:portal_home": ([], expected(PORTAL, scoped=False), GET_ONLY),
        "referrals:portal_detail": ([r], expected(PORTAL, scoped=False), GET_ONLY),
        "referrals:portal_accept": ([r], expected(PORTAL, scoped=False)),
        "referrals:portal_decline": ([r], expected(PORTAL, scoped=False)),
        "referrals:portal_session": ([r], expected(PORTAL, scoped=False)),
        "referrals:portal_report": ([r], expected(PORTAL, scoped=False)),
        "referrals:portal_upload": ([r], expected(PORTAL, scoped=False)),
        "referrals:portal_document": ([document.pk], expected(PORTAL, scoped=False), GET_ONLY),
        "referrals:portal_activities": ([], expected(PORTAL, scoped=False), GET_ONLY),
        "referrals:portal_activity_create": ([], expected(PORTAL, scoped=False)),
        "referrals:portal_activity": ([activity.pk], expected(PORTAL, scoped=False)),
    }
