from django.urls import path

from supervision import views

app_name = "supervision"
urlpatterns = [
    path("klien/<int:client_id>/lapor/", views.checkin_create, name="checkin_create"),
    path("klien/<int:client_id>/lapor-daring/izin/", views.remote_allow, name="remote_allow"),
    path("klien/<int:client_id>/lapor/perketat/", views.intensify, name="intensify"),
    path("lapor-daring/izin/<int:permission_id>/cabut/", views.remote_revoke, name="remote_revoke"),
    path("lapor-daring/izin/<int:permission_id>/tautan-baru/", views.remote_link_new, name="remote_link_new"),
    path("lapor-daring/<int:remote_id>/tinjau/", views.remote_review, name="remote_review"),
    path("lapor-daring/<int:remote_id>/foto/", views.remote_photo, name="remote_photo"),
    path("lapor/perketat/<int:change_id>/akhiri/", views.intensification_end, name="intensification_end"),
    # The client's personal link: public, no login (see views.lapor).
    path("lapor/<str:token>/", views.lapor, name="lapor"),
]
