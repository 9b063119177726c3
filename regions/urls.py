from django.urls import path

from regions import views

app_name = "regions"
urlpatterns = [path("wilayah/desa/", views.village_options, name="village_options")]
