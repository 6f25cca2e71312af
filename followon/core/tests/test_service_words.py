"""A service's own English notice on a page in another language is marked as English (WCAG 3.1.2) and
the page says why in its own language; in English it is plain paragraphs (components/service_words)."""

from django.template import engines
from django.utils import translation

CALL = (
    '{% from "components/service_words.jinja" import english_attrs, service_words %}'
    '<h1{{ english_attrs() }}>How we use your information</h1>{{ service_words(["First.", "Second."]) }}'
)


def render(language: str) -> str:
    with translation.override(language):
        return engines["jinja2"].env.from_string(CALL).render()


def test_in_english_the_notice_is_plain_paragraphs():
    assert render("en-gb") == "<h1>How we use your information</h1><p>First.</p><p>Second.</p>"


def test_in_welsh_and_urdu_the_notice_is_marked_english_and_the_page_says_why():
    for language, why in [("cy", "Ysgrifennodd eich gwasanaeth poen"), ("ur", "آپ کی درد کی سروس نے یہ نوٹس")]:
        page = render(language)
        assert page.startswith('<h1 lang="en" dir="ltr">How we use your information</h1>')
        assert '<div lang="en" dir="ltr" class="app-service-words"><p>First.</p><p>Second.</p></div>' in page
        assert why in page
