from django.urls import path

from allocation import views

app_name = "allocation"

urlpatterns = [
    path("beban-kerja/", views.workload, name="workload"),
    path("beban-kerja/usulan/", views.proposal_list, name="proposals"),
    path("beban-kerja/usulan/terima/", views.proposals_accept, name="proposals_accept"),
    path("beban-kerja/seimbangkan/", views.rebalance_view, name="rebalance"),
    path("beban-kerja/pengecualian/", views.exclusions, name="exclusions"),
    path("beban-kerja/pengecualian/<int:exclusion_id>/hapus/", views.exclusion_delete, name="exclusion_delete"),
    path("beban-kerja/kebijakan/", views.policy_edit, name="policy"),
    path("beban-kerja/wilayah-kerja/", views.working_areas, name="working_areas"),
    path("beban-kerja/wilayah-kerja/<int:officer_id>/", views.working_area_edit, name="working_area_edit"),
    path("beban-kerja/usulan-mitra/", views.partner_proposal_list, name="partner_proposals"),
    path("beban-kerja/usulan-mitra/terima/", views.partner_proposals_accept, name="partner_proposals_accept"),
]
