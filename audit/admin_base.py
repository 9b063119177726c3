"""The base of every model admin that can change data: changes made in Django admin are audited too."""

from django.contrib import admin
from django.db import transaction

from audit import services as audit


class AuditedModelAdmin(admin.ModelAdmin):
    """Changes made through Django admin are audited like changes made anywhere else."""

    _secret_fields = frozenset({"password", "password1", "password2"})

    @staticmethod
    def office_of(obj):
        """The office an audit row of `obj` belongs to; the admin of a model that is itself an office overrides it."""
        return getattr(obj, "office", None)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            changes = {
                name: [form.initial.get(name) if change else None, form.cleaned_data.get(name)]
                for name in form.changed_data
                if name not in self._secret_fields
            }
            audit.record(
                actor=request.user,
                action=f"{obj._meta.model_name}.{'updated' if change else 'created'}",
                obj=obj,
                office=self.office_of(obj),
                changes=changes,
                data={"via": "admin"},
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record(
                actor=request.user,
                action=f"{obj._meta.model_name}.deleted",
                obj=obj,
                office=self.office_of(obj),
                data={"via": "admin"},
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)
