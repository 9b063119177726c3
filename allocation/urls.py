from django.urls import path

from allocation import views

app_name = "allocation"

urlpatterns = [
    path("beban-kerja/", views.workload, name="workload"),
    path("beban-kerja/usulan/", views.proposal_list, name="proposals"),
    path("beban-kerja/usulan/terima/", views.proposals_accept, name="proposals_accept"),
    path("beban-kerja/seimbangkan/", views.rebalance_view, name="rebalance"),
    path("beban-kerja/seimbangkan/terima/", views.rebalance_accept, name="rebalance_accept"),
    path("beban-kerja/usulan-mitra/", views.partner_proposal_list, name="partner_proposals"),
    path("beban-kerja/usulan-mitra/terima/", views.partner_proposals_accept, name="partner_proposals_accept"),
]
