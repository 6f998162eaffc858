"""What the cycle keeps about a person, for their data download (`assessments.exports.user_data`)."""

from django.db.models import Prefetch

from .models import Afspraak, Confirmation, Gesprek, MailPreference


def user_data(user) -> dict:
    """The gesprekken about their own zelfscans (afspraken, who confirmed when) and their choice
    about scanronde reminders. A fixed number of queries: one to three, and one."""
    gesprekken = (
        Gesprek.objects.filter(assessment__owner=user)
        .select_related("manager")
        .prefetch_related(
            Prefetch("afspraken", queryset=Afspraak.objects.select_related("author")),
            Prefetch("confirmations", queryset=Confirmation.objects.select_related("user")),
        )
        .order_by("created_at", "id")
    )
    preference = MailPreference.objects.filter(user=user).first()
    return {
        "gesprekken": [
            {
                "assessment_id": gesprek.assessment_id,
                "leidinggevende": _person(gesprek.manager),
                "with_whom": gesprek.with_whom,
                "afspraken": [
                    {
                        "text": afspraak.text,
                        "written_by": _person(afspraak.author),
                        "written_at": afspraak.created_at.isoformat(),
                        "changed_at": afspraak.updated_at.isoformat(),
                    }
                    for afspraak in gesprek.afspraken.all()
                ],
                "confirmed": [
                    {"by": _person(confirmation.user), "at": confirmation.confirmed_at.isoformat()}
                    for confirmation in gesprek.confirmations.all()
                ],
            }
            for gesprek in gesprekken
        ],
        "scanronde_reminders": preference.reminders if preference is not None else True,
    }


def _person(user) -> dict | None:
    return {"email": user.email, "name": user.name} if user is not None else None
