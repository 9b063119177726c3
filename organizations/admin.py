from django.contrib import admin

from audit.admin_base import AuditedModelAdmin
from organizations.models import CalendarDay, Kanwil, Office, ServiceLocation


@admin.register(Kanwil)
class KanwilAdmin(AuditedModelAdmin):
    list_display = ("name", "province")


@admin.register(Office)
class OfficeAdmin(AuditedModelAdmin):
    list_display = ("name", "grade", "kanwil", "regency")
    list_filter = ("kanwil", "grade")
    filter_horizontal = ("working_area",)
    raw_id_fields = ("regency",)

    @staticmethod
    def office_of(obj):
        return obj


@admin.register(ServiceLocation)
class ServiceLocationAdmin(AuditedModelAdmin):
    list_display = ("name", "kind", "office", "is_active")
    list_filter = ("kind", "office")
    raw_id_fields = ("district",)


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedModelAdmin):
    list_display = ["date", "is_working_day", "description"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
