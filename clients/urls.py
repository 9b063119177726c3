from django.urls import path

from clients import import_views, views

app_name = "clients"
urlpatterns = [
    path("klien/", views.client_list, name="list"),
    path("klien/baru/", views.client_create, name="create"),
    path("klien/impor/", import_views.client_import, name="import"),
    path("klien/impor/<int:job_id>/", import_views.import_job, name="import_job"),
    path("klien/<int:client_id>/", views.client_detail, name="detail"),
    path("klien/<int:client_id>/ubah/", views.client_edit, name="edit"),
    path("klien/<int:client_id>/petugas/", views.client_assign, name="assign"),
]
