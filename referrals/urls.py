from django.urls import path

from referrals import portal_views, views

app_name = "referrals"

urlpatterns = [
    # Staff.
    path("klien/<int:client_id>/rujukan/baru/", views.referral_create, name="create"),
    path("klien/<int:client_id>/kebutuhan/baru/", views.need_create, name="need_create"),
    path("kebutuhan/<int:need_id>/tutup/", views.need_close, name="need_close"),
    path("rujukan/<int:referral_id>/", views.referral_detail, name="detail"),
    path("rujukan/<int:referral_id>/setujui/", views.referral_approve, name="approve"),
    path("rujukan/<int:referral_id>/tarik/", views.referral_withdraw, name="withdraw"),
    path("rujukan/<int:referral_id>/tutup/", views.referral_close, name="close"),
    path("rujukan/sesi/<int:session_id>/perhatian/", views.concern_read, name="concern"),
    path("rujukan/dokumen/<int:document_id>/", views.document_download, name="document"),
    path("rujukan/kegiatan-mitra/", views.activity_list, name="activity_list"),
    path("rujukan/pengaturan/<int:office_id>/", views.settings_edit, name="settings"),
    # Partner portal.
    path("mitra/", portal_views.home, name="portal_home"),
    path("mitra/rujukan/<int:referral_id>/", portal_views.detail, name="portal_detail"),
    path("mitra/rujukan/<int:referral_id>/terima/", portal_views.accept, name="portal_accept"),
    path("mitra/rujukan/<int:referral_id>/tolak/", portal_views.decline, name="portal_decline"),
    path("mitra/rujukan/<int:referral_id>/sesi/", portal_views.session, name="portal_session"),
    path("mitra/rujukan/<int:referral_id>/laporan-akhir/", portal_views.report, name="portal_report"),
    path("mitra/rujukan/<int:referral_id>/dokumen/", portal_views.upload, name="portal_upload"),
    path("mitra/dokumen/<int:document_id>/", portal_views.document, name="portal_document"),
    path("mitra/kegiatan/", portal_views.activities, name="portal_activities"),
    path("mitra/kegiatan/baru/", portal_views.activity_create, name="portal_activity_create"),
    path("mitra/kegiatan/<int:activity_id>/", portal_views.activity_detail, name="portal_activity"),
]
