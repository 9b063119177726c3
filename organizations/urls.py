from django.urls import path

from organizations import views

app_name = "organizations"
urlpatterns = [
    path("kantor/", views.office_list, name="office_list"),
    path("kantor/<int:office_id>/", views.office_detail, name="office_detail"),
    path("kantor/<int:office_id>/ubah/", views.office_edit, name="office_edit"),
    path("kantor/<int:office_id>/lokasi/baru/", views.location_create, name="location_create"),
    path("lokasi/<int:location_id>/ubah/", views.location_edit, name="location_edit"),
]
