from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, OrganisationMembership, Team, TeamMembership, TeamRole, User
from assessments import demo, services
from catalog.models import Framework
from cycle.demo import demo_gesprek, demo_round
from functie.demo import demo_functieprofiel, demo_takenpakket

ORGANISATION = "Demo"
TEAM = "Team Vrijwilligerswerk"
PASSWORD = "demo"
MANAGER = ("manager@example.org", "Ilse Bakker")
SHARING = {"coordinator@example.org", "coordinator2@example.org"}
# The personas answer items of the 2025 profile by code, and one of them the Bouwstenen's.
FRAMEWORK = "competentieprofiel-coordinator-vrijwilligerswerk"
BOUWSTENEN = "bouwstenen-steunpunt-vrijwilligerswerk"


class Command(BaseCommand):
    help = (
        "Demo data: organisation Demo with one team, three coordinators with filled-in assessments "
        "and their manager (all with password 'demo'). Only with DEBUG on; running it again changes nothing."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo data has well-known passwords; it only runs with DEBUG on.")
        framework = Framework.objects.filter(code=FRAMEWORK, versions__published_at__isnull=False).distinct().first()
        if framework is None:
            raise CommandError("Load the catalog first: python manage.py load_framework")
        with transaction.atomic():
            self._create(framework)
        self.stdout.write(
            "Demo ready: coordinator@, coordinator2@, coordinator3@ (with feedback from others), "
            "consulent@ (Bouwstenen) and manager@example.org "
            "(password: demo)"
        )

    def _create(self, framework):
        organisation, _ = Organisation.objects.get_or_create(name=ORGANISATION)
        team, _ = Team.objects.get_or_create(organisation=organisation, name=TEAM)
        manager = self._user(*MANAGER)
        self._member(organisation, team, manager, TeamRole.MANAGER, is_admin=True)
        for persona in demo.PERSONAS:
            user = self._user(persona.email, persona.name)
            self._member(organisation, team, user, TeamRole.COORDINATOR)
            assessment = demo.demo_assessment(user, persona, framework)
            demo_takenpakket(assessment)
            if persona.email == "coordinator3@example.org":
                from feedback.demo import demo_feedback

                demo_feedback(assessment)
            if persona.email in SHARING:
                services.share_set(assessment=assessment, viewer=manager, shared=True)
            if persona.email == "coordinator@example.org":
                view = services.manager_view_start(manager=manager, counterpart=assessment)
                # The view starts with what Sanne ticked (without levels): the levels mean it was filled.
                if not view.answers.filter(current__isnull=False).exists():
                    demo.fill_manager_view(view, assessment)
                services.share_set(assessment=view, viewer=user, shared=True)
                demo_gesprek(assessment, manager)
        demo_round(team, manager)
        demo_functieprofiel(team=team, manager=manager, version=framework.current_version())
        bouwstenen = Framework.objects.filter(code=BOUWSTENEN, versions__published_at__isnull=False).first()
        if bouwstenen is not None:
            persona = demo.BOUWSTENEN_PERSONA
            user = self._user(persona.email, persona.name)
            self._member(organisation, team, user, TeamRole.COORDINATOR)
            assessment = demo.demo_assessment(user, persona, bouwstenen)
            demo_takenpakket(assessment)
            services.share_set(assessment=assessment, viewer=manager, shared=True)

    def _user(self, email, name):
        user, created = User.objects.get_or_create(
            email=email, defaults={"name": name, "email_verified_at": timezone.now()}
        )
        if created:
            user.set_password(PASSWORD)  # deliberately weak: demo only, never with DEBUG off
            user.save(update_fields=["password"])
        return user

    def _member(self, organisation, team, user, role, is_admin=False):
        OrganisationMembership.objects.get_or_create(
            organisation=organisation, user=user, defaults={"is_admin": is_admin}
        )
        TeamMembership.objects.get_or_create(team=team, user=user, defaults={"role": role})
