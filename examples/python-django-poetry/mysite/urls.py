import os

from django.http import JsonResponse
from django.urls import path


def index(request):
    return JsonResponse({"app": "python-django-poetry", "uid": os.getuid()})


urlpatterns = [path("", index)]
