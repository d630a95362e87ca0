"""Hall inspections against the checklist kept as data (R-2.3, R-2.4) and assessment items
from failed items (R-3.9.1)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gridcare.core.errors import DomainError
from gridcare.core.tests.test_uploads import HTML, SVG, png, png_declaring
from gridcare.frontoffice.models import AssessmentProposal, HallInspection, ServiceHall
from gridcare.frontoffice.services.inspections import (
    ItemScore,
    assessment_propose_from_result,
    checklist_in_force,
    inspection_record,
)
from gridcare.frontoffice.tests.conftest import duplicate_ids
from gridcare.org.selectors import staff_of

pytestmark = pytest.mark.django_db


def scores(failing: dict[str, int] | None = None, staff: Any = None) -> list[ItemScore]:
    checklist = checklist_in_force()
    assert checklist is not None
    failing = failing or {}
    return [
        ItemScore(
            item=item,
            points=item.points - failing.get(item.code, 0),
            note="未佩戴工作證" if item.code in failing else "",
            staff=staff if item.target == "staff" else None,
        )
        for item in checklist.items.all()
    ]


def test_the_checklist_covers_the_hall_and_the_staff() -> None:
    """R-2.3 (clean and tidy; tariffs, usage notice, procedures posted) and R-2.4 (uniform,
    badge, Mandarin, polite, patient, proactive): ten items, as data."""
    checklist = checklist_in_force()
    assert checklist is not None
    codes = {item.code: item.clause for item in checklist.items.all()}
    assert codes == {
        "clean": "2.3",
        "tariffs-posted": "2.3",
        "usage-notice-posted": "2.3",
        "procedures-posted": "2.3",
        "uniform": "2.4",
        "badge": "2.4",
        "mandarin": "2.4",
        "polite": "2.4",
        "patient": "2.4",
        "proactive": "2.4",
    }


def test_an_inspection_scores_each_item(
    hall: ServiceHall, marketing_director: Any, counter_clerk: Any
) -> None:
    clerk = staff_of(counter_clerk)
    inspection = inspection_record(
        hall=hall, scores=scores({"badge": 5}, staff=clerk), actor=marketing_director
    )
    assert (inspection.score, inspection.max_score, inspection.failed_items) == (95, 100, 1)
    failed = inspection.results.get(passed=False)
    assert (failed.item.code, failed.staff, failed.note) == ("badge", clerk, "未佩戴工作證")


def test_every_item_must_be_scored_and_a_failure_explained(
    hall: ServiceHall, marketing_director: Any
) -> None:
    with pytest.raises(DomainError):
        inspection_record(hall=hall, scores=scores()[:5], actor=marketing_director)
    unexplained = [
        ItemScore(s.item, s.points - 1) if s.item.code == "clean" else s for s in scores()
    ]
    with pytest.raises(DomainError) as refused:
        inspection_record(hall=hall, scores=unexplained, actor=marketing_director)
    assert refused.value.field.startswith("note_")
    assert not HallInspection.objects.exists()


def test_a_failed_item_can_become_an_assessment_item(
    hall: ServiceHall, marketing_director: Any, counter_clerk: Any
) -> None:
    clerk = staff_of(counter_clerk)
    inspection = inspection_record(
        hall=hall, scores=scores({"badge": 5}, staff=clerk), actor=marketing_director
    )
    passed = inspection.results.filter(passed=True).first()
    with pytest.raises(DomainError):
        assessment_propose_from_result(
            result=passed, reason="x", staff=clerk, actor=marketing_director
        )
    failed = inspection.results.get(passed=False)
    proposal = assessment_propose_from_result(
        result=failed, reason="未佩證上崗", staff=clerk, actor=marketing_director
    )
    assert (proposal.clause, proposal.staff) == ("2.4", clerk)


def test_inspecting_from_the_page_with_a_photo(
    client: Any,
    hall: ServiceHall,
    marketing_director: Any,
    counter_clerk: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    checklist = checklist_in_force()
    form = {f"item_{item.pk}": item.points for item in checklist.items.all()}
    clean = checklist.items.get(code="clean")
    form[f"item_{clean.pk}"] = 5
    form[f"note_{clean.pk}"] = "地面有紙屑"
    form["photos"] = SimpleUploadedFile("floor.jpg", png(), content_type="image/jpeg")
    client.force_login(counter_clerk)
    assert (
        client.post(reverse("frontoffice:inspection_new", args=[hall.pk]), form).status_code == 403
    )
    client.force_login(marketing_director)
    form["photos"] = SimpleUploadedFile("floor.jpg", png(), content_type="image/jpeg")
    response = client.post(reverse("frontoffice:inspection_new", args=[hall.pk]), form)
    inspection = HallInspection.objects.get()
    assert response.status_code == 302 and inspection.score == 95
    photo = inspection.photos.get()
    detail = client.get(reverse("frontoffice:inspection_detail", args=[inspection.pk]))
    assert detail.status_code == 200
    served = client.get(reverse("frontoffice:inspection_photo", args=[photo.pk]))
    assert served.status_code == 200
    client.force_login(counter_clerk)
    assert client.get(reverse("frontoffice:inspection_photo", args=[photo.pk])).status_code == 403


def test_a_failed_item_is_proposed_from_the_page(
    client: Any, hall: ServiceHall, marketing_director: Any, counter_clerk: Any
) -> None:
    inspection = inspection_record(
        hall=hall, scores=scores({"uniform": 2}), actor=marketing_director
    )
    failed = inspection.results.get(passed=False)
    client.force_login(marketing_director)
    url = reverse("frontoffice:result_assess", args=[failed.pk])
    client.post(url, {"department": hall.department.pk, "reason": "門市人員未穿工作服"})
    assert AssessmentProposal.objects.get().department == hall.department


def test_a_refused_proposal_shows_the_inspection_again_with_what_was_typed(
    client: Any,
    hall: ServiceHall,
    marketing_director: Any,
    make_staff: Any,
    other_company: Any,
) -> None:
    """A proposal against another company's department is refused by the form (the page
    offers only the inspection's company): the inspection comes back with the reason as
    it was typed, the error under the field, and nothing proposed."""
    inspection = inspection_record(
        hall=hall, scores=scores({"uniform": 2}), actor=marketing_director
    )
    failed = inspection.results.get(passed=False)
    elsewhere = staff_of(make_staff("field_unit", company=other_company)).department
    client.force_login(marketing_director)
    response = client.post(
        reverse("frontoffice:result_assess", args=[failed.pk]),
        {"department": elsewhere.pk, "reason": "門市人員未穿工作服"},
    )
    assert response.status_code == 200
    (shown,) = [r for r in response.context["results"] if not r.passed]
    assert shown.assess_form.is_bound and "department" in shown.assess_form.errors
    page = response.content.decode()
    assert "門市人員未穿工作服" in page and duplicate_ids(page) == []
    assert not AssessmentProposal.objects.exists()


def test_each_failed_item_has_its_own_assessment_form(
    client: Any, hall: ServiceHall, marketing_director: Any
) -> None:
    """Two failed items, two proposal forms: each with its own ids, so that every label
    names the field of its own item."""
    inspection = inspection_record(
        hall=hall, scores=scores({"uniform": 2, "badge": 3}), actor=marketing_director
    )
    client.force_login(marketing_director)
    response = client.get(reverse("frontoffice:inspection_detail", args=[inspection.pk]))
    page = response.content.decode()
    for failed in inspection.results.filter(passed=False):
        assert f'for="id_result{failed.pk}_reason"' in page
        assert f'id="id_result{failed.pk}_reason"' in page
    assert duplicate_ids(page) == []


def test_the_inspection_list(
    client: Any,
    hall: ServiceHall,
    marketing_director: Any,
    csc_agent: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(3):
        inspection_record(hall=hall, scores=scores(), actor=marketing_director)
    client.force_login(marketing_director)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("frontoffice:inspection_list"))
    assert len(response.context["page"].items) == 3
    client.force_login(csc_agent)
    assert client.get(reverse("frontoffice:inspection_list")).status_code == 403


@pytest.mark.parametrize(
    ("name", "content"),
    [("rules.html", HTML), ("floor.svg", SVG), ("floor.jpg", SVG), ("huge.png", None)],
)
def test_a_hall_photo_that_is_markup_or_a_pixel_bomb_is_refused_on_its_field(
    client: Any,
    hall: ServiceHall,
    marketing_director: Any,
    settings: Any,
    tmp_path: Any,
    name: str,
    content: bytes | None,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    checklist = checklist_in_force()
    form: dict[str, Any] = {f"item_{item.pk}": item.points for item in checklist.items.all()}
    form["photos"] = SimpleUploadedFile(name, content or png_declaring(30000, 30000))
    client.force_login(marketing_director)
    response = client.post(reverse("frontoffice:inspection_new", args=[hall.pk]), form)
    assert response.status_code == 200 and response.context["form"].errors["photos"]
    assert not HallInspection.objects.exists() and not list(tmp_path.rglob("*.*"))


def test_a_hall_photo_is_stored_encoded_again_under_its_real_type(
    hall: ServiceHall, marketing_director: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    checklist = checklist_in_force()
    form: dict[str, Any] = {f"item_{item.pk}": item.points for item in checklist.items.all()}
    form["photos"] = SimpleUploadedFile("floor.html", png())
    client = Client()
    client.force_login(marketing_director)
    client.post(reverse("frontoffice:inspection_new", args=[hall.pk]), form)
    stored = HallInspection.objects.get().photos.get()
    assert stored.image.name.endswith(".png")
    assert (tmp_path / stored.image.name).read_bytes().startswith(b"\x89PNG")


def test_every_field_of_the_checklist_has_a_visible_label(
    client: Any, hall: ServiceHall, marketing_director: Any
) -> None:
    client.force_login(marketing_director)
    page = client.get(reverse("frontoffice:inspection_new", args=[hall.pk])).content.decode()
    checklist = checklist_in_force()
    assert checklist is not None
    for item in checklist.items.all():
        for name in ("item", "note", "staff"):
            field_id = f"id_{name}_{item.pk}"
            if f'id="{field_id}"' not in page:
                continue  # only staff items name a person
            labels = re.findall(rf'<label class="([^"]*)" for="{field_id}"', page)
            assert any("visually-hidden" not in css for css in labels), field_id
    assert "---------" not in page  # the person is optional and says so
