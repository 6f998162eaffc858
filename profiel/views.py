from django.utils import translation
from django.views.i18n import set_language as django_set_language


def set_language(request):
    """Django's language switch, which also remembers the choice on the account: the
    person's e-mails are written in it."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    if (
        request.method == "POST"
        and user.is_authenticated
        and translation.check_for_language(language)
        and language != user.language
        and language in dict(translation.trans_real.get_languages())
    ):
        user.language = language
        user.save(update_fields=["language"])
    return response
