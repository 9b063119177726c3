"""The countdown to a Litmas deadline, wherever a request appears: "2 hari 3 jam lagi", "terlambat 5 jam"."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from litmas.codes import State

register = template.Library()


def span_text(delta: datetime.timedelta) -> str:
    """A length of time in days and hours ("2 days 3 hours"), in minutes below one hour."""
    seconds = int(abs(delta.total_seconds()))
    hours_total = seconds // 3600
    if hours_total == 0:
        minutes = max(1, seconds // 60)
        return ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}
    days, hours = divmod(hours_total, 24)
    parts = []
    if days:
        parts.append(ngettext("%(n)s day", "%(n)s days", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours})
    return " ".join(parts)


def countdown_text(deadline_at, *, now, state: str = "", done_at=None) -> tuple[str, bool]:
    """The countdown's words and whether the request is late: time left or overdue for an open request, on
    time or how late for a sent one, nothing for a cancelled one."""
    if state == State.CANCELLED:
        return "", False
    if state == State.SENT and done_at is not None:
        if done_at > deadline_at:
            return _("sent %(span)s late") % {"span": span_text(done_at - deadline_at)}, True
        return _("sent on time"), False
    left = deadline_at - now
    if left < datetime.timedelta(0):
        return _("%(span)s late") % {"span": span_text(left)}, True
    return _("%(span)s left") % {"span": span_text(left)}, False


@register.filter
def countdown(request) -> str:
    """`{{ litmas_request|countdown }}`: the countdown of a request, late ones marked."""
    text, late = countdown_text(request.deadline_at, now=timezone.now(), state=request.state, done_at=request.done_at)
    if not text:
        return "—"
    if late:
        return format_html('<span class="tag danger">{}</span>', text)
    return format_html("<span>{}</span>", text)
