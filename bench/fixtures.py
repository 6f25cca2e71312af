"""The people the bench signs in as: one pain service with one user per staff role, and a member.

Built with the same factories as the test suite, so they follow the models as those change.
"""

from dataclasses import dataclass, field

ANONYMOUS = "anonymous"
MEMBER = "member"


@dataclass
class BenchPeople:
    service: object
    users: dict = field(default_factory=dict)

    @property
    def roles(self) -> list[str]:
        return [ANONYMOUS, *self.users]

    def user(self, who):
        """The user for a role name ("member", "clinician", ...); None for "anonymous"; a user is returned as is."""
        if who is None or who == ANONYMOUS:
            return None
        if not isinstance(who, str):
            return who
        try:
            return self.users[who]
        except KeyError:
            raise ValueError(f"unknown bench user {who!r}; choose one of {', '.join(self.roles)}") from None


def create_people() -> BenchPeople:
    from followon.accounts.tests.factories import UserFactory
    from followon.organisations.models import StaffRole
    from followon.organisations.tests.factories import PainServiceFactory, StaffRoleFactory

    service = PainServiceFactory(name="Bench Pain Management Service", slug="bench", ods_code="BENCH")
    people = BenchPeople(service=service)
    for role in StaffRole.Role.values:
        user = UserFactory(preferred_name=f"Bench {role}", email=f"{role}@bench.followon.test")
        StaffRoleFactory(service=service, user=user, role=role)
        people.users[role] = user
    people.users[MEMBER] = UserFactory(preferred_name="Bench Member", email="member@bench.followon.test")
    return people
