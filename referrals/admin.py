from django.contrib import admin

from audit.admin_base import AuditedModelAdmin
from clients.admin import ReadOnlyAdmin
from referrals.models import GroupActivity, Need, Referral, ReferralSettings


@admin.register(ReferralSettings)
class ReferralSettingsAdmin(AuditedModelAdmin):
    list_display = ("office", "requires_approval", "accept_within_days")


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    """Referrals change only through the services (each step a fact with its actor and an audit row)."""

    list_display = ("client", "partner", "field", "created_at", "accepted_at", "closed_at", "withdrawn_at")
    list_filter = ("field",)
    raw_id_fields = ("client", "episode")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(episode__is_child=False)


@admin.register(GroupActivity)
class GroupActivityAdmin(ReadOnlyAdmin):
    list_display = ("title", "partner", "held_on", "hours")

    def get_queryset(self, request):
        # An activity with a child taking part is a child's record (fieldwork's GuidanceActivityAdmin likewise).
        return super().get_queryset(request).exclude(participants__episode__is_child=True)


@admin.register(Need)
class NeedAdmin(ReadOnlyAdmin):
    """Needs change only through the services (need_record, need_close)."""

    list_display = ("episode", "field", "noted_at", "closed_at")
    list_filter = ("field",)
    raw_id_fields = ("episode",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(episode__is_child=False)
