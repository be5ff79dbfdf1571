from django.urls import path

from . import activity_views, family_views, reminder_views, views

app_name = "screening"

urlpatterns = [
    path("", views.start, name="start"),
    path("language/", views.switch_language, name="language"),
    path("privacy/", views.privacy, name="privacy"),
    path("forget/", views.forget_on_this_device, name="forget_on_this_device"),
    path("screening/new/", views.new_screening, name="new"),
    path("screening/deleted/", views.deleted, name="deleted"),
    path("s/<uuid:link>/", views.resume, name="resume"),
    path("s/<uuid:link>/child/", views.child_details, name="child_details"),
    path("s/<uuid:link>/area/<slug:domain_key>/", views.domain_page, name="domain"),
    path("s/<uuid:link>/signs/", views.red_flags, name="red_flags"),
    path("s/<uuid:link>/note/", views.note, name="note"),
    path("s/<uuid:link>/contact/", views.contact, name="contact"),
    path("s/<uuid:link>/check/", views.review, name="review"),
    path("s/<uuid:link>/result/", views.result, name="result"),
    path("s/<uuid:link>/summary.pdf", views.summary_download, name="summary_pdf"),
    path("s/<uuid:link>/delete/", views.delete, name="delete"),
    path("s/<uuid:link>/send-link/", views.send_link, name="send_link"),
    path("s/<uuid:link>/again/", family_views.check_again, name="check_again"),
    path("f/<uuid:link>/", family_views.family, name="family"),
    path("s/<uuid:link>/next-check.ics", reminder_views.next_check_calendar, name="next_check_ics"),
    path("reminders/stop/<str:token>/", reminder_views.stop_reminders, name="stop_reminders"),
    path("s/<uuid:link>/activities.pdf", activity_views.activity_sheet, name="activity_sheet"),
]
