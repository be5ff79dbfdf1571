from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import render

from .review import library_for_review


@staff_member_required
def content_review(request):
    return render(request, "milestones/content_review.html", {"library": library_for_review()})
