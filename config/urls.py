from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Milestone Check — clinic staff"
admin.site.site_title = "Milestone Check admin"
admin.site.index_title = "Screenings and reference content"

urlpatterns = [
    path("staff/", include("milestones.urls")),
    path("admin/", admin.site.urls),
    path("", include("screening.urls")),
]
