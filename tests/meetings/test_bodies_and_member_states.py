"""Pages of the statutory bodies and the member states: what they show, what they never
show (drafts), their feeds, the sitemap, and bad input."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Meeting, StepStatus
from tests.factories import (
    ArticleFactory,
    BodyFactory,
    DocumentFactory,
    MeetingFactory,
    MemberStateFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def council():
    return BodyFactory(
        name="Permanent Council",
        abbreviation="PC",
        slug="permanent-council",
        description="The plenipotentiary representatives of the member states.",
    )


def main(response):
    assert response.status_code == 200
    return response.text.split('id="main"', 1)[1].split("</main>", 1)[0]


def test_body_page_says_what_it_is_with_its_upcoming_and_past_meetings(client, council):
    kyrgyzstan = MemberStateFactory(name="Kyrgyzstan", code="KGZ")
    MeetingFactory(body=council, title="Earlier session", date=TODAY - 300 * DAY,
                   chair_name="Someone Earlier")  # fmt: skip
    MeetingFactory(body=council, title="Latest session", date=TODAY - 30 * DAY,
                   chair_name="Aman Mambetseitov", chair_state=kyrgyzstan)  # fmt: skip
    MeetingFactory(body=council, title="Next session", date=TODAY + 20 * DAY,
                   meeting_status=Meeting.MeetingStatus.SCHEDULED)  # fmt: skip
    MeetingFactory(body=council, title="Draft session", date=TODAY + 25 * DAY, draft=True)
    MeetingFactory(title="Another body's session", date=TODAY - 10 * DAY)
    text = main(client.get(council.get_absolute_url()))
    assert council.get_absolute_url() == "/en/bodies/permanent-council/"
    assert "The plenipotentiary representatives" in text
    chair = text.split("Current chair", 1)[1].split("</dd>", 1)[0]
    assert "Aman Mambetseitov" in chair and kyrgyzstan.get_absolute_url() in chair
    upcoming, past = text.split('id="past-heading"', 1)
    assert "Next session" in upcoming and "Latest session" not in upcoming
    assert past.index("Latest session") < past.index("Earlier session")
    assert "Draft session" not in text and "Another body" not in text


def test_body_page_lists_the_documents_before_it_with_their_status(client, council):
    adopted = DocumentFactory(body=council, title="Adopted protocol")
    services.record_step(adopted, status=StepStatus.ADOPTED, date=TODAY - 5 * DAY)
    DocumentFactory(body=council, title="Draft-only declaration", draft=True)
    DocumentFactory(title="Someone else's plan")
    text = main(client.get(council.get_absolute_url()))
    documents = text.split('id="documents-heading"', 1)[1]
    assert "Adopted protocol" in documents and "Adopted" in documents
    assert "Draft-only declaration" not in text and "Someone else" not in text


def test_body_feeds_carry_its_published_meetings_only(client, council):
    MeetingFactory(body=council, title="Public session")
    MeetingFactory(body=council, title="Hidden session", draft=True)
    MeetingFactory(title="Other session")
    rss = ET.fromstring(client.get(reverse("meetings:body_feed_rss", args=[council.slug])).content)
    titles = [item.findtext("title") for item in rss.iter("item")]
    assert len(titles) == 1 and "Public session" in titles[0]
    atom = client.get(reverse("meetings:body_feed_atom", args=[council.slug]))
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert b"Public session" in atom.content and b"Hidden session" not in atom.content
    page = client.get(council.get_absolute_url()).text
    assert reverse("meetings:body_feed_rss", args=[council.slug]) in page


def test_body_pages_in_russian(client, council):
    council.name_ru = "Постоянный совет"
    council.save()
    assert (
        "<h1>Постоянный совет (PC)</h1>"
        in Client().get(council.get_absolute_url().replace("/en/", "/ru/")).text
    )


def test_member_state_page_lists_its_representatives_at_meetings(client, council):
    state = MemberStateFactory(name="Kyrgyzstan", code="KGZ")
    MeetingFactory(body=council, title="Chaired session", chair_state=state,
                   chair_name="Aman Mambetseitov",
                   chair_title="Permanent and Plenipotentiary Representative")  # fmt: skip
    MeetingFactory(body=council, title="Secret session", chair_state=state,
                   chair_name="Hidden Person", draft=True)  # fmt: skip
    MeetingFactory(body=council, title="Other chair", chair_state=MemberStateFactory())
    assert state.get_absolute_url() == "/en/member-states/kgz/"
    text = main(client.get(state.get_absolute_url()))
    assert "Aman Mambetseitov" in text and "Permanent and Plenipotentiary" in text
    assert "Chaired session" in text and council.get_absolute_url() in text
    assert "Hidden Person" not in text and "Other chair" not in text


def test_member_state_page_lists_the_news_that_mention_it(client):
    state = MemberStateFactory(name="Kyrgyzstan", code="KGZ", mentions="Kyrgyzstan or Bishkek",
                               mentions_ru="Кыргызстан or Бишкек")  # fmt: skip
    ArticleFactory(title="Consultations in Bishkek", title_ru="Консультации в Бишкеке")
    ArticleFactory(title="Kyrgyzstan draft", draft=True)
    ArticleFactory(title="Exercise in Armenia")
    text = main(client.get(state.get_absolute_url()))
    news = text.split('id="news-heading"', 1)[1]
    assert "Consultations in Bishkek" in news
    assert "Kyrgyzstan draft" not in news and "Armenia" not in news
    russian = main(Client().get(state.get_absolute_url().replace("/en/", "/ru/")))
    assert "Консультации в Бишкеке" in russian.split('id="news-heading"', 1)[1]


def test_member_state_addresses_are_lowercase_and_unknown_ones_are_404(client):
    state = MemberStateFactory(code="KGZ")
    response = client.get("/en/member-states/KGZ/")
    assert response.status_code == 301 and response["Location"] == state.get_absolute_url()
    unknown = [
        "/en/member-states/xyz/", "/en/member-states/abcd/", "/en/member-states/%D0%96/",
        "/en/member-states/%00/", "/en/bodies/no-such-body/",
        "/en/bodies/no-such-body/feed/rss/", "/en/bodies/no-such-body/feed/atom/",
    ]  # fmt: skip
    for path in unknown:
        assert client.get(path).status_code == 404, path


def test_lists_and_sitemap_carry_bodies_and_member_states(client, council):
    state = MemberStateFactory(name="Tajikistan", code="TJK")
    assert council.get_absolute_url() in client.get(reverse("meetings:body_list")).text
    assert state.get_absolute_url() in client.get(reverse("meetings:member_state_list")).text
    bodies = client.get(reverse("sitemap_section", args=["bodies"])).text
    states = client.get(reverse("sitemap_section", args=["member-states"])).text
    assert "/en/bodies/permanent-council/" in bodies and "/ru/bodies/permanent-council/" in bodies
    assert "/en/member-states/tjk/" in states


def test_meeting_page_links_its_body_and_chairing_state(client, council):
    state = MemberStateFactory(code="KGZ")
    meeting = MeetingFactory(body=council, chair_state=state, chair_name="A. Chair")
    text = client.get(meeting.get_absolute_url()).text
    assert f'href="{council.get_absolute_url()}"' in text
    assert f'href="{state.get_absolute_url()}"' in text
