"""R-2.2: the Ten Prohibitions and the Ten Service Commitments are the State Grid's own
texts, verbatim and dated."""

from datetime import date

import pytest

from gridcare.frontoffice.models import ConductCode
from gridcare.frontoffice.selectors import conduct_code_in_force, prohibitions_in_force

pytestmark = pytest.mark.django_db


def _texts(code: ConductCode, field: str = "text_zh_hans") -> dict[int, str]:
    return {item.number: getattr(item, field) for item in code.items.all()}


def test_prohibitions_are_named_bu_zhun_permit_and_quote_the_2005_text():
    code = prohibitions_in_force(date(2026, 12, 7))
    assert code is not None and code.version == 1
    assert "十個不准" in code.title and "準" not in code.title
    assert code.effective_from == date(2005, 4, 9)
    texts = _texts(code)
    assert texts[6] == "不准对外泄漏客户的商业秘密。"
    assert texts[10] == "不准利用工作之便谋取其它不正当利益。"
    assert all(text.startswith("不准") for text in _texts(code, "text").values())


def test_the_measures_first_referred_to_the_2005_commitments_with_their_figures():
    code = conduct_code_in_force(ConductCode.Kind.COMMITMENTS, date(2006, 1, 1))
    assert code is not None
    assert (code.version, code.effective_from, code.effective_to) == (
        1,
        date(2005, 4, 9),
        date(2011, 10, 13),
    )
    texts = _texts(code)
    assert texts[3].startswith(
        "供电方案答复期限：居民客户不超过3个工作日，低压电力客户不超过7个工作日"
    )
    assert "城区范围45分钟；农村地区90分钟；特殊边远地区2小时" in texts[8]
    assert "95598" in texts[10]


def test_the_2011_revision_replaces_the_commitments_from_its_date():
    assert conduct_code_in_force(ConductCode.Kind.COMMITMENTS, date(2011, 10, 12)).version == 1
    code = conduct_code_in_force(ConductCode.Kind.COMMITMENTS, date(2011, 10, 13))
    assert code is not None and code.version == 2
    texts = _texts(code)
    assert texts[10] == "受理客户投诉后，1个工作日内联系客户，7个工作日内答复处理意见。"
    assert texts[7].endswith("客户提出抄表数据异常后，7个工作日内核实并答复。")
    assert len(texts) == 10 and all(_texts(code, "text_en").values())
