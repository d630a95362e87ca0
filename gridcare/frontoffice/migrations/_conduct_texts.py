"""The State Grid texts behind clause 2.2 (R-2.2), verbatim and dated, as loaded by
migration 0012: the 2005-04-09 「十個不准」 and 「十項承諾」 the measures cite, and the
2011-10 revision of the commitments.

The Simplified text is the official one; the Traditional text is its character-for-
character rendering; the English is a translation for reading only. Frozen with that
migration: a later revision is entered as a new version (admin), never by editing this
file.
"""

from __future__ import annotations

ISSUED_2005 = "2005-04-09"
REVISED_2011 = "2011-10-13"

PROHIBITIONS_TITLE = "國家電網公司員工服務「十個不准」"
PROHIBITIONS_SOURCE = "國家電網公司，2005-04-09 發布"

COMMITMENTS_TITLE = "國家電網公司供電服務「十項承諾」"
COMMITMENTS_SOURCE_2005 = "國家電網公司，2005-04-09 發布"
COMMITMENTS_SOURCE_2011 = "國家電網公司，2011-10-13 修訂發布"

# (number, zh-Hant, zh-Hans, English)
PROHIBITIONS_2005 = [
    (
        1,
        "不准違反規定停電、無故拖延送電。",
        "不准违反规定停电、无故拖延送电。",
        "No outage against the rules, no delaying energization without cause.",
    ),
    (
        2,
        "不准自立收費項目、擅自更改收費標準。",
        "不准自立收费项目、擅自更改收费标准。",
        "No fees of one's own making, no changing the fee standards.",
    ),
    (
        3,
        "不准為客戶指定設計、施工、供貨單位。",
        "不准为客户指定设计、施工、供货单位。",
        "No designating the customer's designer, builder or supplier.",
    ),
    (
        4,
        "不准對客戶投訴、諮詢推諉塞責。",
        "不准对客户投诉、咨询推诿塞责。",
        "No shirking customers' complaints and consultations.",
    ),
    (
        5,
        "不准為親友用電謀取私利。",
        "不准为亲友用电谋取私利。",
        "No private gain for relatives' or friends' electricity use.",
    ),
    (
        6,
        "不准對外洩漏客戶的商業秘密。",
        "不准对外泄漏客户的商业秘密。",
        "No disclosing customers' business secrets.",
    ),
    (
        7,
        "不准收受客戶禮品、禮金、有價證券。",
        "不准收受客户礼品、礼金、有价证券。",
        "No accepting gifts, money or securities from customers.",
    ),
    (
        8,
        "不准接受客戶組織的宴請、旅遊和娛樂活動。",
        "不准接受客户组织的宴请、旅游和娱乐活动。",
        "No accepting banquets, trips or entertainment offered by customers.",
    ),
    (9, "不准工作時間飲酒。", "不准工作时间饮酒。", "No drinking alcohol during working hours."),
    (
        10,
        "不准利用工作之便謀取其它不正當利益。",
        "不准利用工作之便谋取其它不正当利益。",
        "No using one's post for any other improper gain.",
    ),
]

COMMITMENTS_2005 = [
    (
        1,
        "城市地區：供電可靠率不低於99.90%，居民客戶端電壓合格率不低於96%；農村地區：供電可靠率和居民客戶端電壓合格率，經國家電網公司核定後，由各省（市、區）電力公司公佈承諾指標。",
        "城市地区：供电可靠率不低于99.90%，居民客户端电压合格率不低于96%；农村地区：供电可靠率和居民客户端电压合格率，经国家电网公司核定后，由各省（市、区）电力公司公布承诺指标。",
        "Urban areas: supply reliability at least 99.90 %, residential voltage qualification at"
        " least 96 %; rural areas: the figures each provincial company publishes once State"
        " Grid has approved them.",
    ),
    (
        2,
        "供電營業場所公開電價、收費標準和服務程序。",
        "供电营业场所公开电价、收费标准和服务程序。",
        "Tariffs, fee standards and service procedures posted in the service halls.",
    ),
    (
        3,
        "供電方案答覆期限：居民客戶不超過3個工作日，低壓電力客戶不超過7個工作日，高壓單電源客戶不超過15個工作日，高壓雙電源客戶不超過30個工作日。",
        "供电方案答复期限：居民客户不超过3个工作日，低压电力客户不超过7个工作日，高压单电源客户不超过15个工作日，高压双电源客户不超过30个工作日。",
        "Supply plan replied within: residential 3 working days, low-voltage power customers 7,"
        " high voltage single source 15, high voltage dual source 30.",
    ),
    (
        4,
        "城鄉居民客戶向供電企業申請用電，受電裝置檢驗合格並辦理相關手續後，3個工作日內送電。",
        "城乡居民客户向供电企业申请用电，受电装置检验合格并办理相关手续后，3个工作日内送电。",
        "Residential customers energized within 3 working days once their installation has"
        " passed inspection and the procedures are done.",
    ),
    (
        5,
        "非居民客戶向供電企業申請用電，受電工程驗收合格並辦理相關手續後，5個工作日內送電。",
        "非居民客户向供电企业申请用电，受电工程验收合格并办理相关手续后，5个工作日内送电。",
        "Non-residential customers energized within 5 working days once their works have"
        " passed acceptance and the procedures are done.",
    ),
    (
        6,
        "當電力供應不足，不能保證連續供電時，嚴格執行政府批准的限電序位。",
        "当电力供应不足，不能保证连续供电时，严格执行政府批准的限电序位。",
        "In a shortage, load shedding strictly in the order the government approved.",
    ),
    (
        7,
        "供電設施計劃檢修停電，提前7天向社會公告。",
        "供电设施计划检修停电，提前7天向社会公告。",
        "Planned maintenance outages announced to the public 7 days ahead.",
    ),
    (
        8,
        "提供24小時電力故障報修服務，供電搶修人員到達現場的時間一般為：城區範圍45分鐘；農村地區90分鐘；特殊邊遠地區2小時。",
        "提供24小时电力故障报修服务，供电抢修人员到达现场的时间一般为：城区范围45分钟；农村地区90分钟；特殊边远地区2小时。",
        "Fault reports taken around the clock; repair crews arrive, as a rule, within 45"
        " minutes in town, 90 minutes in rural areas and 2 hours in remote areas.",
    ),
    (
        9,
        "客戶欠電費需依法採取停電措施的，提前7天送達停電通知書。",
        "客户欠电费需依法采取停电措施的，提前7天送达停电通知书。",
        "A disconnection for unpaid bills is notified in writing 7 days ahead.",
    ),
    (
        10,
        "電力服務熱線“95598”24小時受理業務諮詢、信息查詢、服務投訴和電力故障報修。",
        "电力服务热线“95598”24小时受理业务咨询、信息查询、服务投诉和电力故障报修。",
        "The 95598 service line takes questions, information requests, complaints and fault"
        " reports around the clock.",
    ),
]

COMMITMENTS_2011 = [
    (
        1,
        "城市地區：供電可靠率不低於99.90%，居民客戶端電壓合格率96%；農村地區：供電可靠率和居民客戶端電壓合格率，經國家電網公司核定後，由各省（自治區、直轄市）電力公司公佈承諾指標。",
        "城市地区：供电可靠率不低于99.90%，居民客户端电压合格率96%；农村地区：供电可靠率和居民客户端电压合格率，经国家电网公司核定后，由各省（自治区、直辖市）电力公司公布承诺指标。",
        "Urban areas: supply reliability at least 99.90 %, residential voltage qualification"
        " 96 %; rural areas: the figures each provincial company publishes once State Grid has"
        " approved them.",
    ),
    (
        2,
        "提供24小時電力故障報修服務，供電搶修人員到達現場的時間一般不超過：城區範圍45分鐘；農村地區90分鐘；特殊邊遠地區2小時。",
        "提供24小时电力故障报修服务，供电抢修人员到达现场的时间一般不超过：城区范围45分钟；农村地区90分钟；特殊边远地区2小时。",
        "Fault reports taken around the clock; repair crews arrive, as a rule, within 45"
        " minutes in town, 90 minutes in rural areas and 2 hours in remote areas.",
    ),
    (
        3,
        "供電設施計劃檢修停電，提前7天向社會公告。對欠電費客戶依法採取停電措施，提前7天送達停電通知書，費用結清後24小時內恢復供電。",
        "供电设施计划检修停电，提前7天向社会公告。对欠电费客户依法采取停电措施，提前7天送达停电通知书，费用结清后24小时内恢复供电。",
        "Planned maintenance outages announced 7 days ahead. A disconnection for unpaid bills"
        " is notified 7 days ahead, and supply is restored within 24 hours of payment.",
    ),
    (
        4,
        "嚴格執行價格主管部門制定的電價和收費政策，及時在供電營業場所和網站公開電價、收費標準和服務程序。",
        "严格执行价格主管部门制定的电价和收费政策，及时在供电营业场所和网站公开电价、收费标准和服务程序。",
        "Tariffs and fees exactly as the price authority set them; tariffs, fees and procedures"
        " posted in the halls and on the website.",
    ),
    (
        5,
        "供電方案答覆期限：居民客戶不超過3個工作日，低壓電力客戶不超過7個工作日，高壓單電源客戶不超過15個工作日，高壓雙電源客戶不超過30個工作日。",
        "供电方案答复期限：居民客户不超过3个工作日，低压电力客户不超过7个工作日，高压单电源客户不超过15个工作日，高压双电源客户不超过30个工作日。",
        "Supply plan replied within: residential 3 working days, low-voltage power customers 7,"
        " high voltage single source 15, high voltage dual source 30.",
    ),
    (
        6,
        "電表接電期限：受電工程檢驗合格並辦結相關手續後，居民客戶3個工作日內送電，非居民客戶5個工作日內送電。",
        "电表接电期限：受电工程检验合格并办结相关手续后，居民客户3个工作日内送电，非居民客户5个工作日内送电。",
        "Energization once the works have passed inspection and the procedures are done:"
        " residential customers within 3 working days, others within 5.",
    ),
    (
        7,
        "受理客戶計費電能表校驗申請後，5個工作日內出具檢測結果。客戶提出抄表數據異常後，7個工作日內核實並答覆。",
        "受理客户计费电能表校验申请后，5个工作日内出具检测结果。客户提出抄表数据异常后，7个工作日内核实并答复。",
        "Meter test results within 5 working days of the request; a reading the customer"
        " questions checked and answered within 7 working days.",
    ),
    (
        8,
        "當電力供應不足，不能保證連續供電時，嚴格按照政府批准的有序用電方案實施錯避峰、停限電。",
        "当电力供应不足，不能保证连续供电时，严格按照政府批准的有序用电方案实施错避峰、停限电。",
        "In a shortage, load shifting and shedding only by the government-approved plan.",
    ),
    (
        9,
        "供電服務熱線“95598”24小時受理業務諮詢、信息查詢、服務投訴和電力故障報修。",
        "供电服务热线“95598”24小时受理业务咨询、信息查询、服务投诉和电力故障报修。",
        "The 95598 service line takes questions, information requests, complaints and fault"
        " reports around the clock.",
    ),
    (
        10,
        "受理客戶投訴後，1個工作日內聯繫客戶，7個工作日內答覆處理意見。",
        "受理客户投诉后，1个工作日内联系客户，7个工作日内答复处理意见。",
        "A complaint: the customer contacted within 1 working day, answered within 7.",
    ),
]
