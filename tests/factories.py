import factory

from accounts.models import User
from assessments.models import Assessment

PASSWORD = "correct horse battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"persoon{n}@example.org")
    name = factory.Faker("name", locale="nl_NL")
    password = factory.django.Password(PASSWORD)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    owner = factory.SubFactory(UserFactory)
