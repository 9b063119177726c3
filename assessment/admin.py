"""The instruments are entered in the admin (national administrators): an instrument with its domains, then each
question with its answer options. A version some assessment used is never edited
(`selectors.instrument_check_editable`): it turns read-only, its domains, questions and options can be neither
added, changed nor deleted, and the action "copy as a new version" gives an editable copy. The cut-offs are
checked against the highest possible score when saved. Assessments are read-only here: the PK's pages write
them (audited)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment import selectors, services
from assessment.models import Assessment, Instrument, InstrumentDomain, Item, Option
from clients.admin import ReadOnlyAdmin


def _instrument_of(obj) -> Instrument | None:
    if isinstance(obj, Instrument):
        return obj
    if isinstance(obj, InstrumentDomain):
        return obj.instrument
    if isinstance(obj, Item):
        return obj.domain.instrument
    return None


class FrozenWhenUsed:
    """Change and delete only while no assessment used the instrument version."""

    def _frozen(self, obj) -> bool:
        instrument = _instrument_of(obj)
        return instrument is not None and instrument.pk is not None and selectors.instrument_in_use(instrument)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._frozen(obj)


class DomainInline(FrozenWhenUsed, admin.TabularInline):
    model = InstrumentDomain
    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._frozen(obj)


class OptionInline(FrozenWhenUsed, admin.TabularInline):
    model = Option
    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._frozen(obj)


@admin.register(Instrument)
class InstrumentAdmin(FrozenWhenUsed, admin.ModelAdmin):
    list_display = ("name", "code", "version", "kind", "is_sample", "active", "valid_from", "low_max", "medium_max")
    list_filter = ("kind", "active", "is_sample")
    inlines = [DomainInline]
    actions = ["copy_as_new_version"]

    def save_model(self, request, obj, form, change):
        if change:
            selectors.instrument_check_editable(Instrument.objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for problem in selectors.instrument_problems(form.instance):
            self.message_user(request, problem, messages.WARNING)

    @admin.action(description=gettext_lazy("Copy as a new version"))
    def copy_as_new_version(self, request, queryset):
        for instrument in queryset:
            copy = services.instrument_new_version(instrument=instrument, acting_user=request.user)
            self.message_user(request, _("Made %(copy)s (not offered until activated).") % {"copy": copy})


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ["domain", "text", "order", "required"]

    def clean(self):
        cleaned = super().clean()
        domain = cleaned.get("domain")
        if domain is not None:
            # A new question in a used version would change what its results mean.
            selectors.instrument_check_editable(domain.instrument)
        return cleaned


@admin.register(Item)
class ItemAdmin(FrozenWhenUsed, admin.ModelAdmin):
    form = ItemForm
    list_display = ("text", "domain", "order", "required")
    list_filter = ("domain__instrument",)
    inlines = [OptionInline]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("assessed_on", "instrument", "office", "status", "category", "total_score")
    list_filter = ("office", "status", "category")

    def get_queryset(self, request):
        # Children's assessments stay out of the national administrator's view, as their records do.
        return super().get_queryset(request).filter(is_child=False)
