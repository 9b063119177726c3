from django.urls import path

from supervision import views

app_name = "supervision"
urlpatterns = [
    path("klien/<int:client_id>/lapor/", views.checkin_create, name="checkin_create"),
]
