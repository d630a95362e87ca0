"""Where each seeded limit comes from and what it means, in words (R-DEF): a clause of
the measures, a product default where the clause leaves the number open, or another
document (the State Grid service commitments). Fills every version of each code; a later
version copies them (services.standard_revise)."""

from django.db import migrations

#: code: (source kind, reference, zh-Hant, zh-Hans, English)
EXPLANATIONS = {
    "hall.wait_minutes": (
        "product_default",
        "第2.6條「先外後內」未定時限",
        "第2.6條要求客戶來辦理業務時立即接待，未定時限；產品以客戶到達至開始服務的時間衡量，時限為產品預設值，市場行銷部可修改。",
        "第2.6条要求客户来办理业务时立即接待，未定时限；产品以客户到达至开始服务的时间衡量，时限为产品默认值，市场营销部可修改。",
        "Clause 2.6 asks staff to serve a customer at once and sets no time; the product measures arrival to start of service against a default limit that marketing can change.",
    ),
    "referral.answer": (
        "product_default",
        "第2.7條「立即電話聯繫，然後轉達客戶」未定時限",
        "第2.7條要求需其他班組配合時立即電話聯繫後轉達客戶，未定時限；轉辦部門的答覆期限為產品預設值。",
        "第2.7条要求需其他班组配合时立即电话联系后转达客户，未定时限；转办部门的答复期限为产品默认值。",
        "Clause 2.7 asks for an immediate call to the other team and an answer to the customer, with no time; the time for the other team's answer is a product default.",
    ),
    "call.answer_rings": (
        "clause",
        "第2.8條：客戶服務中心電話接聽",
        "依中國的鈴聲節奏（響1秒、停4秒為一聲），聲數＝響鈴秒數除以每聲秒數取整加1；超過限定聲數才接聽，或客戶響鈴超過限定聲數後掛斷，即為超過時限。",
        "依中国的铃声节奏（响1秒、停4秒为一声），声数＝响铃秒数除以每声秒数取整加1；超过限定声数才接听，或客户响铃超过限定声数后挂断，即为超过时限。",
        "With the PRC ring cadence (1 s on, 4 s off: one ring), rings = floor(ring seconds / seconds per ring) + 1; a call answered after the limit, or abandoned by the customer after ringing past it, breaches.",
    ),
    "hall.business_minutes": (
        "clause",
        "第2.9條：辦理用電業務手續時間",
        "自開始服務至辦結，每件業務計時。",
        "自开始服务至办结，每件业务计时。",
        "Timed per transaction, from the start of service to its end.",
    ),
    "hall.payment_minutes": (
        "clause",
        "第2.9條：繳費時間",
        "自開始服務至繳費完成，每件計時。",
        "自开始服务至缴费完成，每件计时。",
        "Timed per payment, from the start of service to its end.",
    ),
    "application.plan_reply": (
        "clause",
        "第2.10條：供電方案答覆",
        "自受理申請次日起算工作日（受理當日不計），依國家法定節假日及調休安排；因客戶原因暫停的時間不計。",
        "自受理申请次日起算工作日（受理当日不计），依国家法定节假日及调休安排；因客户原因暂停的时间不计。",
        "Working days counted from the day after the application is accepted (that day not counted), following the official holiday arrangement; time stopped for a customer-caused delay is not counted.",
    ),
    "application.residential_energize": (
        "clause",
        "第2.10條：居民照明客戶通電",
        "自申請次日起算工作日，至通電為止。",
        "自申请次日起算工作日，至通电为止。",
        "Working days from the day after the application until energization.",
    ),
    "application.energize": (
        "clause",
        "第2.11條：驗收合格後裝表接電",
        "「天」為日曆天，自竣工驗收合格、具備通電條件並完清手續之次日起算；特殊情況經核准可除外。",
        "「天」为日历天，自竣工验收合格、具备通电条件并完清手续之次日起算；特殊情况经核准可除外。",
        "Calendar days from the day after acceptance passed, power-on conditions hold and the formalities are complete; special circumstances can be exempted on approval.",
    ),
    "keyaccount.designation_round": (
        "clause",
        "第3.3.2條：大客戶確定",
        "以月計，自上次確定之日起算。",
        "以月计，自上次确定之日起算。",
        "Counted in months from the last designation.",
    ),
    "keyaccount.visit": (
        "clause",
        "第3.6.1條：大客戶走訪",
        "半年為1至6月、7至12月；臨近半年結束才確定的大客戶，該半年不欠走訪（月數為產品預設設定，可修改）。",
        "半年为1至6月、7至12月；临近半年结束才确定的大客户，该半年不欠走访（月数为产品预设设置，可修改）。",
        "Half years are Jan–Jun and Jul–Dec; an account designated close to a half year's end owes no visit in it (the number of months is a product default setting).",
    ),
    "keyaccount.need": (
        "product_default",
        "第3.6.2條「儘量解決並督促落實」未定時限",
        "第3.6.2條未定時限；需求及用電問題的處理期限為產品預設值，另有約定日期者從其約定。",
        "第3.6.2条未定时限；需求及用电问题的处理期限为产品默认值，另有约定日期者从其约定。",
        "Clause 3.6.2 sets no time; the time given to a need or power problem is a product default, unless another date is agreed.",
    ),
    "complaint.contact": (
        "other_document",
        "國家電網公司供電服務「十項承諾」（2011年修訂）",
        "第3.6.3條只要求受理並答覆投訴，未定時限；受理後聯繫客戶的期限取自2011年國家電網公司供電服務承諾，非本辦法所定。",
        "第3.6.3条只要求受理并答复投诉，未定时限；受理后联系客户的期限取自2011年国家电网公司供电服务承诺，非本办法所定。",
        "Clause 3.6.3 only asks that complaints be accepted and answered; the time to contact the customer is taken from the 2011 State Grid service commitments, not from these measures.",
    ),
    "complaint.reply": (
        "other_document",
        "國家電網公司供電服務「十項承諾」（2011年修訂）",
        "第3.6.3條未定答覆時限；答覆客戶的期限取自2011年國家電網公司供電服務承諾，非本辦法所定。",
        "第3.6.3条未定答复时限；答复客户的期限取自2011年国家电网公司供电服务承诺，非本办法所定。",
        "Clause 3.6.3 sets no time for the answer; the time to answer is taken from the 2011 State Grid service commitments, not from these measures.",
    ),
    "field.inspection": (
        "clause",
        "第3.7.1條：大客戶設備巡視",
        "半年為1至6月、7至12月。",
        "半年为1至6月、7至12月。",
        "Half years are Jan–Jun and Jul–Dec.",
    ),
    "fault.arrival_urban": (
        "other_document",
        "國家電網公司供電服務「十項承諾」（2011年修訂）",
        "第3.7.3條只要求優先處理故障報修；城區到達現場的時限取自國家電網公司供電服務承諾。",
        "第3.7.3条只要求优先处理故障报修；城区到达现场的时限取自国家电网公司供电服务承诺。",
        "Clause 3.7.3 only asks that fault reports come first; the arrival limit in town is taken from the State Grid service commitments.",
    ),
    "fault.arrival_rural": (
        "other_document",
        "國家電網公司供電服務「十項承諾」（2011年修訂）",
        "第3.7.3條只要求優先處理故障報修；農村到達現場的時限取自國家電網公司供電服務承諾。",
        "第3.7.3条只要求优先处理故障报修；农村到达现场的时限取自国家电网公司供电服务承诺。",
        "Clause 3.7.3 only asks that fault reports come first; the arrival limit in the countryside is taken from the State Grid service commitments.",
    ),
    "fault.arrival_remote": (
        "other_document",
        "國家電網公司供電服務「十項承諾」（2011年修訂）",
        "第3.7.3條只要求優先處理故障報修；偏遠地區到達現場的時限取自國家電網公司供電服務承諾。",
        "第3.7.3条只要求优先处理故障报修；偏远地区到达现场的时限取自国家电网公司供电服务承诺。",
        "Clause 3.7.3 only asks that fault reports come first; the arrival limit in remote areas is taken from the State Grid service commitments.",
    ),
    "outage.planned_notice": (
        "clause",
        "第3.7.2條：向市場行銷部提供大客戶計畫停電信息",
        "以停電開始日往前推算日曆天，通知須於當日或之前送達市場行銷部。",
        "以停电开始日往前推算日历天，通知须于当日或之前送达市场营销部。",
        "Calendar days counted back from the outage's start date; the notice must reach marketing on or before that day.",
    ),
    "outage.temporary_notice": (
        "clause",
        "第3.7.2條：向客戶服務中心提供大客戶臨時停電信息",
        "以停電開始日往前推算日曆天，通知須於當日或之前送達客戶服務中心。",
        "以停电开始日往前推算日历天，通知须于当日或之前送达客户服务中心。",
        "Calendar days counted back from the outage's start date; the notice must reach the CSC on or before that day.",
    ),
    "keyaccount.energize": (
        "clause",
        "第3.7.5條：大客戶驗收合格後送電",
        "自驗收合格次日起算工作日，依國家法定節假日及調休安排。",
        "自验收合格次日起算工作日，依国家法定节假日及调休安排。",
        "Working days from the day after acceptance passed, following the official holiday arrangement.",
    ),
    "keyaccount.other_service": (
        "product_default",
        "第3.7.6條「由公司有關部門負責」未定時限",
        "第3.7.6條未定時限；其他服務項目的辦理期限為產品預設值，另有約定日期者從其約定。",
        "第3.7.6条未定时限；其他服务项目的办理期限为产品默认值，另有约定日期者从其约定。",
        "Clause 3.7.6 sets no time; the time given to other services is a product default, unless another date is agreed.",
    ),
    "supervision.survey": (
        "clause",
        "第3.8.2條：大客戶問卷調查",
        "半年為1至6月、7至12月；臨近半年結束才確定的大客戶，該半年不欠調查（月數為產品預設設定，可修改）。",
        "半年为1至6月、7至12月；临近半年结束才确定的大客户，该半年不欠调查（月数为产品预设设置，可修改）。",
        "Half years are Jan–Jun and Jul–Dec; an account designated close to a half year's end owes no survey in it (the number of months is a product default setting).",
    ),
}


def explain(apps, schema_editor):
    ServiceStandard = apps.get_model("rules", "ServiceStandard")
    for code, (kind, reference, hant, hans, en) in EXPLANATIONS.items():
        ServiceStandard.objects.filter(code=code, interpretation="").update(
            source_kind=kind,
            source_reference=reference,
            interpretation=hant,
            interpretation_zh_hans=hans,
            interpretation_en=en,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("rules", "0008_standard_source_and_interpretation"),
        # The standards the other apps seed into the measures.
        ("field", "0002_fault_arrival_standards"),
        ("frontoffice", "0004_referral_period"),
        ("keyaccounts", "0003_item_standards"),
    ]

    operations = [migrations.RunPython(explain, migrations.RunPython.noop)]
