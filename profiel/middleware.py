"""Rules that hold for every request, written once instead of in each view."""

from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _


def _has_nul(*sources) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for data in sources for key, values in data.lists()
    )


class RefuseNulBytesMiddleware:
    """A NUL character in the path or in a form or query value is refused with a clear 400 page.

    No browser sends one; PostgreSQL refuses it in any text, so a lookup with it was a server
    error. Django passes it on to views (a `str` URL parameter takes it), so it is stopped here.
    Needs the user and messages (for the page), so it comes after their middleware.

    A form's values are read just before the view, as Django's CSRF check does, and not for a
    view that takes its own body (marked `csrf_exempt`, like the framework import, which limits
    an upload's size before the body is read): reading it here would come first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or _has_nul(request.GET):
            return bad_request_page(request)
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if request.method == "POST" and not getattr(view, "csrf_exempt", False) and _has_nul(request.POST):
            return bad_request_page(request)
        return None


def bad_request_page(request, message: str = ""):
    context = {"message": message or _("Er staat een teken in het adres of in het formulier dat we niet kunnen lezen.")}
    return render(request, "400.html", context, status=400)


class PrivatePagesMiddleware:
    """Every page for a logged-in person may show personal or shared data: browsers and proxies keep
    no copy (`Cache-Control: no-store, private`), so after a revoke or a log-out nothing is shown from a
    cache. A view that sets its own Cache-Control (the PDF, the exports) keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response
