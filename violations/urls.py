from django.urls import path

from violations import views

app_name = "violations"

urlpatterns = [
    path("pelanggaran/", views.violation_list, name="list"),
    path("klien/<int:client_id>/pelanggaran/baru/", views.violation_report, name="report"),
    path("pelanggaran/<int:violation_id>/", views.violation_detail, name="detail"),
    path("pelanggaran/<int:violation_id>/konfirmasi/", views.violation_confirm, name="confirm"),
    path("pelanggaran/<int:violation_id>/abaikan/", views.violation_dismiss, name="dismiss"),
    path("pelanggaran/<int:violation_id>/bap/", views.violation_examine, name="examine"),
    path("pelanggaran/<int:violation_id>/tpp/", views.violation_propose, name="propose"),
    path("pelanggaran/<int:violation_id>/tindakan/", views.violation_respond, name="respond"),
    path("pelanggaran/<int:violation_id>/cabut-sementara/", views.violation_suspend, name="suspend"),
    path("pelanggaran/<int:violation_id>/pulihkan/", views.violation_lift, name="lift"),
    path("pelanggaran/<int:violation_id>/pencabutan/", views.violation_revoke, name="revoke"),
    path("pelanggaran/<int:violation_id>/tutup/", views.violation_close, name="close"),
]
