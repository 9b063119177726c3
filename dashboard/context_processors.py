from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import scopes

# (label, url name, ability or None for every signed-in staff member)
_NAV = [
    (_("Home"), "dashboard:home", None),
    (_("Clients"), "clients:list", "client.view"),
    (_("Case board"), "board:meeting_list", "board.view"),
    (_("Litmas"), "litmas:list", "litmas.view"),
    (_("Violations"), "violations:list", "violation.report"),
    (_("Requests"), "movements:requests", "permit.decide"),
    (_("Partners"), "partners:list", "partner.view"),
    (_("Partners' group activities"), "referrals:activity_list", "partner.view"),
    (_("Clients referred to you"), "referrals:portal_home", "portal.use"),
    (_("Offices"), "organizations:office_list", "office.view"),
    (_("Staff"), "accounts:staff_list", "staff.view"),
    (_("Audit trail"), "audit:event_list", "audit.view"),
]


def navigation(request):
    """The menu a user sees: only the pages their role may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, url_name, ability in _NAV:
        if ability is None or scopes.can(user, ability):
            url = reverse(url_name)
            items.append(
                {
                    "label": label,
                    "url": url,
                    "active": request.path == url or (url != "/" and request.path.startswith(url)),
                }
            )
    return {"nav_items": items}
