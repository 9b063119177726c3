from django.urls import path

from guidance import views

app_name = "guidance"

urlpatterns = [
    path("klien/<int:client_id>/rencana-pembimbingan/baru/", views.plan_create, name="create"),
    path("rencana-pembimbingan/<int:plan_id>/", views.plan_detail, name="detail"),
    path("rencana-pembimbingan/<int:plan_id>/ubah/", views.plan_edit, name="edit"),
    path("rencana-pembimbingan/<int:plan_id>/butir/", views.item_add, name="item_add"),
    path("rencana-pembimbingan/<int:plan_id>/butir/<int:item_id>/hapus/", views.item_remove, name="item_remove"),
    path("rencana-pembimbingan/<int:plan_id>/tpp/", views.plan_propose, name="propose"),
]
