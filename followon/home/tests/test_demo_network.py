import pytest
from django.urls import reverse

from followon.home.demo import DEMO_MEMBER, load_demo_data
from followon.network import selectors
from followon.network.models import GroupListing, NetworkEvent, Outcode

pytestmark = pytest.mark.django_db


def test_demo_has_listed_groups_a_fading_group_and_an_event(client):
    service = load_demo_data()["service"]
    load_demo_data()  # twice without change
    assert GroupListing.objects.filter(service=service, is_listed=True).count() == 4
    found = selectors.directory_search(service, selectors.Search(origin=Outcode.objects.get(code="BS16")))
    assert found[0].group.name == "Kingswood Tuesday mornings"
    fading = selectors.groups_needing_support(service)
    assert "Filton Friday group" in [row.group.name for row in fading]
    assert NetworkEvent.objects.filter(service=service, title="Autumn network meeting").count() == 1
    from followon.accounts.models import User

    client.force_login(User.objects.get(email=DEMO_MEMBER[0]))
    page = client.get(reverse("network:directory"), {"outcode": "BS16"})
    assert "Kingswood Tuesday mornings" in page.content.decode()
