from django.urls import path

from fieldwork import views

app_name = "fieldwork"

urlpatterns = [
    path("klien/<int:client_id>/log/", views.client_log, name="client_log"),
    path("klien/<int:client_id>/log/terbaru/", views.client_log_card, name="client_log_card"),
    path("klien/<int:client_id>/kunjungan-rumah/baru/", views.home_visit_create, name="home_visit_create"),
    path("kunjungan-rumah/<int:visit_id>/foto/", views.home_visit_photo, name="home_visit_photo"),
    path("klien/<int:client_id>/pembimbingan/baru/", views.guidance_create, name="guidance_create"),
    path("pembimbingan/kelompok/baru/", views.group_guidance_create, name="group_guidance_create"),
    path("klien/<int:client_id>/catatan/baru/", views.note_create, name="note_create"),
]
