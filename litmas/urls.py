from litmas import report_views, views

app_name = "litmas"

urlpatterns = [*views.urlpatterns, *report_views.urlpatterns]
