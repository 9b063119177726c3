from django.urls import path

from movements import views

app_name = "movements"
urlpatterns = [
    path("klien/<int:client_id>/pelimpahan/", views.transfer_request, name="transfer_request"),
    path("pelimpahan/<int:transfer_id>/", views.transfer_detail, name="transfer_detail"),
    path("pelimpahan/<int:transfer_id>/keputusan/", views.transfer_decide, name="transfer_decide"),
    path("pelimpahan/<int:transfer_id>/berkas/", views.transfer_files_sent, name="transfer_files_sent"),
    path("pelimpahan/<int:transfer_id>/tpp/", views.transfer_board, name="transfer_board"),
    path("pelimpahan/<int:transfer_id>/terima/", views.transfer_accept, name="transfer_accept"),
    path("pelimpahan/masuk/", views.transfer_incoming, name="transfer_incoming"),
    path("permohonan/", views.requests, name="requests"),
    path("klien/<int:client_id>/izin/", views.permit_list, name="permit_list"),
    path("klien/<int:client_id>/izin/baru/", views.permit_request, name="permit_request"),
    path("izin/<int:permit_id>/keputusan/", views.permit_decide, name="permit_decide"),
    path("izin/<int:permit_id>/surat/", views.permit_letter, name="permit_letter"),
    path("klien/<int:client_id>/pengakhiran/", views.closing_report, name="closing_report"),
    path("klien/<int:client_id>/pengakhiran/tutup/", views.episode_close, name="episode_close"),
]
