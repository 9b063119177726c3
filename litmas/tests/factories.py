"""Test data of the Litmas app: requests recorded through the service, moved along the flow by its steps."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from board.models import Meeting
from litmas import services
from litmas.codes import RequesterKind
from litmas.models import LitmasRequest, LitmasType

_letters = iter(range(1, 10**6))


def litmas_type(code: str = "pb") -> LitmasType:
    return LitmasType.objects.get(code=code)


def make_request(
    office, *, by: User, code: str = "pb", is_child: bool = False, received_at=None, client=None, **person
) -> LitmasRequest:
    """A request recorded by `by` now (or at `received_at`), about `client` or a new person."""
    received_at = received_at or timezone.now()
    if client is None and "person_name" not in person:
        person["person_name"] = "Budi Santoso"
    data = services.RequestInput(
        litmas_type=litmas_type(code),
        is_child=is_child,
        requester_kind=RequesterKind.LPKA if is_child else RequesterKind.LAPAS,
        requester_name="Lapas Uji Cirebon",
        letter_number=f"W11.PAS.PAS.2-PK.04.01-{next(_letters)}",
        letter_date=timezone.localtime(received_at).date() - datetime.timedelta(days=1),
        received_at=received_at,
        client=client,
        **person,
    )
    return services.request_record(office=office, acting_user=by, data=data)


def fill_report(request: LitmasRequest, officer: User) -> None:
    """Write every section of the report (the assigned PK)."""
    sections = request.litmas_type.template.sections
    report = getattr(request, "report", None)
    services.report_save(
        request=request,
        acting_user=officer,
        content={section["key"]: f"Isi {section['title']}" for section in sections},
        expected_version=report.version if report else None,
    )


def to_state(request: LitmasRequest, state: str, *, head: User, section_head: User, officer: User, secretary: User):
    """Move a received request along the flow up to `state` (up to "approved"; signing is the report's)."""
    order = ["disposed", "assigned", "gathering", "draft", "board", "approved"]
    for step in order[: order.index(state) + 1]:
        request.refresh_from_db()
        if step == "disposed":
            services.request_dispose(request=request, acting_user=head)
        elif step == "assigned":
            services.request_assign(
                request=request, officer=officer, task_letter_number="ST-1", acting_user=section_head
            )
        elif step == "gathering":
            services.gathering_start(request=request, acting_user=officer)
        elif step == "draft":
            fill_report(request, officer)
        elif step == "board":
            services.board_submit(request=request, acting_user=officer)
        elif step == "approved":
            meeting = Meeting.objects.create(
                office=request.office, held_on=timezone.localdate(), title="Sidang TPP", number=f"TPP-{request.pk}"
            )
            services.board_decide(
                request=request,
                approve=True,
                meeting=meeting,
                minute_number=f"BA-{request.pk}",
                note="",
                acting_user=secretary,
            )
    request.refresh_from_db()
    return request
