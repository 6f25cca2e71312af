import factory

from followon.organisations.models import PainService, StaffRole


class PainServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PainService

    slug = factory.Sequence(lambda n: f"service-{n}")
    name = factory.Sequence(lambda n: f"Pain Service {n}")
    ods_code = factory.Sequence(lambda n: f"T{n:04d}")
    contact_phone = "0117 000 0000"
    address = "1 Hospital Road"
    outcode = "BS10"


class StaffRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffRole

    service = factory.SubFactory(PainServiceFactory)
    user = factory.SubFactory("followon.accounts.tests.factories.UserFactory")
    role = StaffRole.Role.CLINICIAN
