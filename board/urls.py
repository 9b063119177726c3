from django.urls import path

from board import views

app_name = "board"

urlpatterns = [
    path("tpp/", views.meeting_list, name="meeting_list"),
    path("tpp/sidang/baru/", views.meeting_create, name="meeting_create"),
    path("tpp/sidang/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("tpp/sidang/<int:meeting_id>/ubah/", views.meeting_edit, name="meeting_edit"),
    path("tpp/sidang/<int:meeting_id>/tutup/", views.meeting_close, name="meeting_close"),
    path("tpp/menunggu/", views.awaiting_list, name="awaiting"),
    path("tpp/agenda/<int:item_id>/jadwal/", views.item_assign, name="item_assign"),
    path("tpp/agenda/<int:item_id>/putusan/", views.item_decide, name="item_decide"),
    path("tpp/persetujuan/", views.approvals_list, name="approvals"),
    path("tpp/usulan/<int:proposal_id>/", views.proposal_approve, name="proposal_approve"),
    path("klien/<int:client_id>/tahap/usul/", views.phase_propose, name="phase_propose"),
]
