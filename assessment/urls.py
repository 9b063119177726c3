from django.urls import path

from assessment import views

app_name = "assessment"

urlpatterns = [
    path("klien/<int:client_id>/asesmen/", views.client_list, name="list"),
    path("klien/<int:client_id>/asesmen/baru/", views.start, name="start"),
    path("asesmen/<int:assessment_id>/", views.detail, name="detail"),
    path("asesmen/<int:assessment_id>/isi/", views.fill, name="fill"),
]
