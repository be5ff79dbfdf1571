from django.contrib import admin
from django.urls import include, path
from health_check.views import HealthCheckView

from screening.staff_login_pages import StaffLoginForm, set_up_two_factor

admin.site.site_header = "Milestone Check — clinic staff"
admin.site.site_title = "Milestone Check admin"
admin.site.index_title = "Screenings and reference content"
# No section menu beside every admin page: the screening list needs the width (it fits a 1280 px
# screen beside its filters); Home and the breadcrumbs lead to the other sections.
admin.site.enable_nav_sidebar = False
# Staff login: asks for the two-factor code too when DJANGO_REQUIRE_2FA is on.
admin.site.login_form = StaffLoginForm
admin.site.login_template = "staff/login.html"

urlpatterns = [
    # For a load balancer or uptime monitor: 200 when the database answers, 500 when it does not.
    # No login, no rate limit, nothing private (django-health-check's SELECT 1).
    path(
        "health/",
        HealthCheckView.as_view(checks=["health_check.checks.Database"]),
        name="health",
    ),
    path("staff/two-factor/", set_up_two_factor, name="staff_two_factor_setup"),
    path("staff/", include("milestones.urls")),
    path("admin/", admin.site.urls),
    path("", include("screening.urls")),
]
