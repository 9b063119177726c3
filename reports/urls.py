from django.urls import path

from reports import views

app_name = "reports"

# The pages keep the addresses they had under the partners' pages.
urlpatterns = [
    path("partners/scorecards/", views.scorecard_list, name="scorecards"),
    path("partners/scorecards/pack.pdf", views.pack_pdf, name="pack_pdf"),
    path("partners/scorecards/pack.xlsx", views.pack_xlsx, name="pack_xlsx"),
]
