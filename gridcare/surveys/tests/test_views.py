"""The survey pages: who may use them (supervision yes, a counter clerk no, another
company's rounds are not found), the customer's public page, and query counts."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.urls import reverse

from gridcare.surveys.models import Question, Questionnaire, SurveyResponse, SurveyRound
from gridcare.surveys.tests.conftest import good_answers, local


def form_data(questionnaire: Questionnaire, **extra: str) -> dict:
    data: dict = {}
    for pk, value in good_answers(questionnaire).items():
        data[f"q_{pk}"] = value
    return data | extra


@pytest.fixture
def frozen():
    with time_machine.travel(local("2026-03-10 10:00"), tick=False):
        yield


def test_supervision_runs_the_pages_and_a_counter_clerk_is_refused(
    client, frozen, supervision_officer, counter_clerk, questionnaire, keyaccounts, open_round
) -> None:
    round = open_round(questionnaire, when="2026-03-02 10:00").round
    invitation = round.invitations.first()
    urls = [
        reverse("surveys:round_list"),
        reverse("surveys:round_detail", args=[round.pk]),
        reverse("surveys:questionnaire_list"),
        reverse("surveys:questionnaire_detail", args=[questionnaire.pk]),
        reverse("surveys:response_new", args=[round.pk, invitation.pk]),
    ]
    client.force_login(supervision_officer)
    for url in urls:
        assert client.get(url).status_code == 200, url
    client.force_login(counter_clerk)
    for url in [*urls, reverse("surveys:round_new")]:
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("surveys:round_close", args=[round.pk]))
    assert response.status_code == 403
    round.refresh_from_db()
    assert round.status == SurveyRound.Status.OPEN


def test_another_companys_round_is_not_found(
    client, frozen, make_staff, other_company, questionnaire, keyaccounts, open_round
) -> None:
    round = open_round(questionnaire, when="2026-03-02 10:00").round
    outsider = make_staff("supervision_officer", company=other_company)
    client.force_login(outsider)
    assert client.get(reverse("surveys:round_detail", args=[round.pk])).status_code == 404
    assert (
        client.get(reverse("surveys:questionnaire_detail", args=[questionnaire.pk])).status_code
        == 404
    )
    invitation = round.invitations.first()
    post = client.post(
        reverse("surveys:response_new", args=[round.pk, invitation.pk]),
        form_data(questionnaire, channel="paper", received_at="2026-03-09T10:00"),
    )
    assert post.status_code == 404
    assert not SurveyResponse.objects.exists()
    assert round.pk not in [
        r.pk for r in client.get(reverse("surveys:round_list")).context["page"].items
    ]


def test_leadership_reads_rounds_but_may_not_open_one(
    client, frozen, leader, questionnaire, keyaccounts
) -> None:
    client.force_login(leader)
    assert client.get(reverse("surveys:round_list")).status_code == 200
    response = client.post(
        reverse("surveys:round_new"), {"questionnaire": questionnaire.pk, "link_days": 30}
    )
    assert response.status_code == 403
    assert not SurveyRound.objects.exists()


def test_opening_a_round_shows_each_link_once(
    client, frozen, supervision_officer, questionnaire, keyaccounts
) -> None:
    client.force_login(supervision_officer)
    response = client.post(
        reverse("surveys:round_new"), {"questionnaire": questionnaire.pk, "link_days": 30}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    links = re.findall(r"/survey/([A-Za-z0-9_-]{20,})/", response.content.decode())
    assert len(set(links)) == 3
    detail = client.get(reverse("surveys:round_detail", args=[SurveyRound.objects.get().pk]))
    assert not any(token in detail.content.decode() for token in links)


def test_bad_round_input_is_refused_with_nothing_changed(
    client, frozen, supervision_officer, questionnaire, keyaccounts
) -> None:
    client.force_login(supervision_officer)
    response = client.post(
        reverse("surveys:round_new"), {"questionnaire": questionnaire.pk, "link_days": 0}
    )
    assert response.status_code == 200
    assert "link_days" in response.context["form"].errors
    assert not SurveyRound.objects.exists()


def test_staff_record_a_phone_response(
    client, frozen, supervision_officer, questionnaire, keyaccounts, open_round
) -> None:
    round = open_round(questionnaire, when="2026-03-02 10:00").round
    invitation = round.invitations.first()
    url = reverse("surveys:response_new", args=[round.pk, invitation.pk])
    client.force_login(supervision_officer)
    missing = form_data(questionnaire, channel="phone", received_at="2026-03-09T10:00")
    scale = questionnaire.questions.filter(kind=Question.Kind.SCALE).first()
    missing.pop(f"q_{scale.pk}")
    response = client.post(url, missing)
    assert response.status_code == 200
    assert f"q_{scale.pk}" in response.context["form"].errors
    assert not SurveyResponse.objects.exists()
    response = client.post(
        url, form_data(questionnaire, channel="phone", received_at="2026-03-09T10:00")
    )
    assert response.status_code == 302
    saved = SurveyResponse.objects.get()
    assert (saved.channel, saved.recorded_by) == ("phone", supervision_officer)
    again = client.get(url)
    assert again.status_code == 302  # answered: shown, not entered twice
    assert again["Location"] == reverse("surveys:response_detail", args=[saved.pk])


def test_the_customers_page_works_once(client, questionnaire, keyaccounts, open_round) -> None:
    opened = open_round(questionnaire, when="2026-03-02 10:00")
    token = next(iter(opened.tokens.values()))
    url = reverse("survey:answer", args=[token])
    with time_machine.travel(local("2026-03-05 10:00"), tick=False):
        page = client.get(url)
        assert page.status_code == 200
        assert questionnaire.title in page.content.decode()
        assert client.post(url, {}).context["form"].errors  # required questions
        assert not SurveyResponse.objects.exists()
        thanks = client.post(url, form_data(questionnaire, respondent="王主任"))
        assert thanks.status_code == 200
        assert "surveys/public_thanks.html" in [t.name for t in thanks.templates]
        again = client.post(url, form_data(questionnaire))
        assert again.status_code == 410
        assert again.context["state"] == "used"
        assert client.get(url).context["state"] == "used"
    assert SurveyResponse.objects.get().respondent == "王主任"
    unknown = client.get(reverse("survey:answer", args=["not-a-real-token-at-all"]))
    assert (unknown.status_code, unknown.context["state"]) == (404, "unknown")


def test_an_expired_link_gets_its_own_page(client, questionnaire, keyaccounts, open_round) -> None:
    opened = open_round(questionnaire, when="2026-03-02 10:00", link_days=10)
    url = reverse("survey:answer", args=[next(iter(opened.tokens.values()))])
    with time_machine.travel(local("2026-03-13 10:00"), tick=False):
        page = client.post(url, form_data(questionnaire))
    assert (page.status_code, page.context["state"]) == (410, "expired")
    assert not SurveyResponse.objects.exists()


def test_the_builder_adds_moves_and_versions_questions(
    client, frozen, supervision_officer, questionnaire, keyaccounts, open_round
) -> None:
    client.force_login(supervision_officer)
    add = reverse("surveys:question_new", args=[questionnaire.pk])
    bad = client.post(add, {"kind": "single", "text": "選一個", "options": "只有一項"})
    assert "options" in bad.context["form"].errors
    assert questionnaire.questions.count() == 5
    client.post(add, {"kind": "single", "text": "選一個", "options": "甲\n乙", "required": "on"})
    new = questionnaire.questions.get(text="選一個")
    assert (new.position, new.options) == (6, ["甲", "乙"])
    moved = client.post(
        reverse("surveys:question_move", args=[questionnaire.pk, new.pk]),
        {"direction": "up"},
        headers={"HX-Request": "true"},
    )
    assert moved.status_code == 200
    assert "surveys/_questions.html" in [t.name for t in moved.templates]
    new.refresh_from_db()
    assert new.position == 5
    open_round(questionnaire, when="2026-03-02 10:00")
    locked = client.post(add, {"kind": "text", "text": "新問題"})
    assert locked.status_code == 200
    assert questionnaire.questions.count() == 6
    version = client.post(reverse("surveys:questionnaire_version", args=[questionnaire.pk]))
    v2 = Questionnaire.objects.get(previous=questionnaire)
    assert version["Location"] == reverse("surveys:questionnaire_detail", args=[v2.pk])
    assert v2.questions.count() == 6


def test_lists_answer_in_a_fixed_number_of_queries(
    client,
    django_assert_max_num_queries,
    supervision_officer,
    company,
    make_questionnaire,
    make_keyaccount,
    open_round,
) -> None:
    for _ in range(4):
        make_keyaccount(company)
    for when in ("2025-03-02 10:00", "2025-09-02 10:00", "2026-03-02 10:00"):
        open_round(make_questionnaire(company), when=when)
    client.force_login(supervision_officer)
    round = SurveyRound.objects.first()
    with time_machine.travel(local("2026-03-10 10:00"), tick=False):
        for url in (
            reverse("surveys:round_list"),
            reverse("surveys:questionnaire_list"),
            reverse("surveys:round_detail", args=[round.pk]),
        ):
            with django_assert_max_num_queries(14):
                response = client.get(url)
            assert response.status_code == 200
    assert len(client.get(reverse("surveys:round_list")).context["page"].items) == 3


def test_home_panel_shows_round_progress(
    client, frozen, supervision_officer, questionnaire, keyaccounts, open_round
) -> None:
    opened = open_round(questionnaire, when="2026-03-02 10:00")
    client.force_login(supervision_officer)
    home = client.get(reverse("home"))
    panel = next(p for p in home.context["panels"] if p["code"] == "surveys_rounds")
    assert [(r.pk, r.invited, r.responded) for r in panel["rounds"]] == [(opened.round.pk, 3, 0)]
    assert panel["current_missing"] is False


def test_new_links_replace_the_unanswered_ones_and_closing_ends_them(
    client, frozen, supervision_officer, questionnaire, keyaccounts, open_round
) -> None:
    opened = open_round(questionnaire, when="2026-03-02 10:00")
    answered = opened.round.invitations.get(customer=keyaccounts[0])
    client.post(
        reverse("survey:answer", args=[opened.tokens[answered.pk]]), form_data(questionnaire)
    )
    client.force_login(supervision_officer)
    page = client.post(reverse("surveys:round_links", args=[opened.round.pk]))
    assert page.status_code == 200
    shown = re.findall(r"/survey/([A-Za-z0-9_-]{20,})/", page.content.decode())
    assert len(set(shown)) == 2  # the two who have not answered
    old = opened.tokens[opened.round.invitations.get(customer=keyaccounts[1]).pk]
    assert client.get(reverse("survey:answer", args=[old])).status_code == 404
    assert client.get(reverse("survey:answer", args=[shown[0]])).status_code == 200
    client.post(reverse("surveys:round_close", args=[opened.round.pk]))
    ended = client.get(reverse("survey:answer", args=[shown[0]]))
    assert (ended.status_code, ended.context["state"]) == (410, "closed")
