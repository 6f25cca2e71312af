import factory

from followon.accounts.models import ServiceMembership, User

STAFF_PASSWORD = "a-long-test-password-2026"

# The factory's mobiles: Ofcom's drama range (07700 900000-900999, never a real person's) from 07700 900400
# up, less the few numbers there that tests, fixtures and demo data write by hand (07700 900982 and
# others, KEPT_FOR_TESTS); any other number a test writes is below 900400. So a test's own "07700 900982"
# never meets a factory user's number (test_factory_mobiles.py scans the tests and checks). The sequence
# wraps round its 591 numbers: each test's rows are rolled back or flushed, and the most users one test
# makes is about 230 (insights' 45-programme table).
KEPT_FOR_TESTS = frozenset({900444, 900456, 900555, 900666, 900777, 900778, 900789, 900982, 900999})
FACTORY_MOBILES = tuple(number for number in range(900400, 901000) if number not in KEPT_FOR_TESTS)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    preferred_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.test")
    mobile = factory.Sequence(lambda n: f"+447700{FACTORY_MOBILES[n % len(FACTORY_MOBILES)]}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        if extracted:
            self.set_password(extracted)
        else:
            self.set_unusable_password()
        if create:
            self.save(update_fields=["password"])


class ServiceMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceMembership

    service = factory.SubFactory("followon.organisations.tests.factories.PainServiceFactory")
    user = factory.SubFactory(UserFactory)


def research_consenting(service, **user_kwargs):
    """A member of `service` who agreed to the research notice (through the accounts services)."""
    from followon.accounts.services import consent_notices_ensure, consent_record

    consent_notices_ensure(service=service)
    user = UserFactory(**user_kwargs)
    ServiceMembershipFactory(service=service, user=user)
    consent_record(user=user, service=service, kind="research", decision="given")
    return user
