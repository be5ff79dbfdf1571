from django.urls import path

from . import views

app_name = "screening"

urlpatterns = [
    path("", views.start, name="start"),
    path("language/", views.switch_language, name="language"),
    path("screening/new/", views.new_screening, name="new"),
    path("s/<uuid:screening_id>/", views.resume, name="resume"),
    path("s/<uuid:screening_id>/child/", views.child_details, name="child_details"),
    path("s/<uuid:screening_id>/area/<slug:domain_key>/", views.domain_page, name="domain"),
    path("s/<uuid:screening_id>/signs/", views.red_flags, name="red_flags"),
    path("s/<uuid:screening_id>/note/", views.note, name="note"),
    path("s/<uuid:screening_id>/check/", views.review, name="review"),
    path("s/<uuid:screening_id>/result/", views.result, name="result"),
    path("s/<uuid:screening_id>/summary.pdf", views.summary_download, name="summary_pdf"),
]
