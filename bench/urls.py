"""The app's URLs plus `/bench/bare/`: a view that only answers "ok" (the bench's baseline)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *app_urlpatterns]
