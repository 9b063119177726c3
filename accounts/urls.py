from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("masuk/kode/", views.login_otp, name="login_otp"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/keamanan/", views.security, name="security"),
    path("akun/keamanan/matikan/", views.security_disable, name="security_disable"),
    path("akun/sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("staf/", views.staff_list, name="staff_list"),
    path("staf/baru/", views.staff_create, name="staff_create"),
    path("staf/<int:account_id>/", views.staff_detail, name="staff_detail"),
    path("staf/<int:account_id>/ubah/", views.staff_edit, name="staff_edit"),
]
