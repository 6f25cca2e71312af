"""PostLinks gives each post's addresses exactly as reversing them one by one does, in each language."""

import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from followon.conversations.presenters import PostLinks


class _Thing:
    def __init__(self):
        self.public_id = uuid.uuid4()


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_same_addresses_as_reverse(language):
    group, posts = _Thing(), [_Thing() for _ in range(3)]
    with translation.override(language):
        links = PostLinks(group)
        for post in posts:
            for page in ("reply", "edit", "delete", "report", "hide"):
                expected = reverse(f"conversations:{page}", args=[group.public_id, post.public_id])
                assert getattr(links, page)(post) == expected
                assert str(post.public_id) in expected
    assert PostLinks(group).reply(posts[0]) != PostLinks(group).reply(posts[1])
