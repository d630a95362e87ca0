"""A person's or customer's name typed here follows the one rule of customers.validators: no
bidirectional overrides or zero-width characters (docs/security.md, V2)."""

from __future__ import annotations

from gridcare.surveys.forms import PublicAnswerForm


def test_the_customers_answer_page_refuses_a_name_with_an_override() -> None:
    form = PublicAnswerForm({"respondent": "王\u202e明"}, questions=[])
    assert not form.is_valid() and list(form.errors) == ["respondent"]
    assert PublicAnswerForm({"respondent": "王明"}, questions=[]).is_valid()
