import factory

from followon.accounts.models import ServiceMembership, User

STAFF_PASSWORD = "a-long-test-password-2026"

# The factory's mobiles: 07700 900800 to 900899, in Ofcom's drama range (07700 900000-900999, never a real
# person's) and a block no test, fixture or demo data writes by hand, so a test's own "07700 900982" never
# meets a factory user's number (test_factory_mobiles.py checks). The sequence wraps round the block: each
# test's rows are rolled back or flushed, and no test creates a hundred users.
FACTORY_MOBILES = range(900800, 900900)


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
