from django.urls import path

from . import views

app_name = "milestones"

urlpatterns = [
    path("content-review/", views.content_review, name="content_review"),
]
