from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("partners/", views.partner_list, name="list"),
    path("partners/new/", views.partner_create, name="create"),
    path("partners/<int:partner_id>/", views.partner_detail, name="detail"),
    path("partners/<int:partner_id>/edit/", views.partner_edit, name="edit"),
    path("partners/<int:partner_id>/status/", views.partner_status, name="status"),
    path("partners/<int:partner_id>/agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:agreement_id>/renew/", views.agreement_renew, name="agreement_renew"),
    path("agreements/<int:agreement_id>/upload/", views.agreement_upload, name="agreement_upload"),
    path("agreements/<int:agreement_id>/document/", views.agreement_document, name="agreement_document"),
]
