from django.urls import path

from dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("antrean/<int:officer_id>/", views.officer_queue, name="officer_queue"),
    path("antrean/petugas/", views.officers_table, name="officers_table"),
]
