"""Read-only admin lists of the board: every write goes through board.services (audited)."""

from django.contrib import admin

from board.models import AgendaItem, Meeting, PhaseProposal
from clients.admin import ReadOnlyAdmin


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("held_on", "number", "title", "office", "status")
    list_filter = ("office", "status")


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin):
    list_display = ("proposed_at", "kind", "office", "meeting", "decision", "minute_number")
    list_filter = ("office", "kind", "decision")

    def get_queryset(self, request):
        # Children's matters stay out of the national administrator's view, as their records do.
        return super().get_queryset(request).filter(episode__is_child=False)


@admin.register(PhaseProposal)
class PhaseProposalAdmin(ReadOnlyAdmin):
    list_display = ("proposed_at", "office", "from_phase", "to_phase", "status")
    list_filter = ("office", "status")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(episode__is_child=False)
