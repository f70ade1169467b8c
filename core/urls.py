from django.urls import path

from core import views

urlpatterns = [
    path("historik/<slug:kind>/<int:pk>/", views.history, name="history"),
    path("konto/logga-in/", views.LoginView.as_view(), name="login"),
    path("konto/logga-ut/", views.LogoutView.as_view(), name="logout"),
]
