"""Reference data loaded with the front office (migration 0002): the Ten Service
Commitments and the Ten Prohibitions (R-2.2) and the hall checklist (R-2.3, R-2.4).

Frozen with that migration: a later version is entered as a new version (admin), never by
editing this file.
"""

from __future__ import annotations

EFFECTIVE_FROM = "2004-01-01"  # with the company's measures (rules migration 0002)

SOURCE = "國家電網公司供電服務「十項承諾」、員工服務「十不準」"

# (number, zh-Hant, zh-Hans, English)
PROHIBITIONS = [
    (
        1,
        "不準違反規定停電、無故拖延送電。",
        "不准违反规定停电、无故拖延送电。",
        "No outage against the rules, no delaying energization without cause.",
    ),
    (
        2,
        "不準自立收費項目、擅自更改收費標準。",
        "不准自立收费项目、擅自更改收费标准。",
        "No fees of one's own making, no changing the fee standards.",
    ),
    (
        3,
        "不準為客戶指定設計、施工、供貨單位。",
        "不准为客户指定设计、施工、供货单位。",
        "No designating the customer's designer, builder or supplier.",
    ),
    (
        4,
        "不準對客戶投訴、諮詢推諉塞責。",
        "不准对客户投诉、咨询推诿塞责。",
        "No shirking customers' complaints and consultations.",
    ),
    (
        5,
        "不準為親友用電謀取私利。",
        "不准为亲友用电谋取私利。",
        "No private gain for relatives' or friends' electricity use.",
    ),
    (
        6,
        "不準對外洩露客戶的商業秘密。",
        "不准对外泄露客户的商业秘密。",
        "No disclosing customers' business secrets.",
    ),
    (
        7,
        "不準收受客戶禮品、禮金、有價證券。",
        "不准收受客户礼品、礼金、有价证券。",
        "No accepting gifts, money or securities from customers.",
    ),
    (
        8,
        "不準接受客戶組織的宴請、旅遊和娛樂活動。",
        "不准接受客户组织的宴请、旅游和娱乐活动。",
        "No accepting banquets, trips or entertainment offered by customers.",
    ),
    (9, "不準工作時間飲酒。", "不准工作时间饮酒。", "No drinking alcohol during working hours."),
    (
        10,
        "不準利用工作之便謀取其他不正當利益。",
        "不准利用工作之便谋取其他不正当利益。",
        "No using one's post for any other improper gain.",
    ),
]

COMMITMENTS = [
    (
        1,
        "城鄉居民客戶端電壓合格率及供電可靠率達到承諾指標並向社會公佈。",
        "城乡居民客户端电压合格率及供电可靠率达到承诺指标并向社会公布。",
        "Voltage quality and supply reliability meet the published commitments.",
    ),
    (
        2,
        "提供24小時電力故障報修服務，搶修人員按承諾時限到達現場。",
        "提供24小时电力故障报修服务，抢修人员按承诺时限到达现场。",
        "Fault reports taken around the clock; repair crews arrive within the committed time.",
    ),
    (
        3,
        "供電設施計畫檢修停電，提前7天向社會公告。",
        "供电设施计划检修停电，提前7天向社会公告。",
        "Planned maintenance outages announced 7 days ahead.",
    ),
    (
        4,
        "嚴格執行價格主管部門制定的電價和收費政策，在營業場所公開電價、收費標準和服務程序。",
        "严格执行价格主管部门制定的电价和收费政策，在营业场所公开电价、收费标准和服务程序。",
        "Tariffs and fees exactly as approved; tariffs, fees and procedures posted in the halls.",
    ),
    (
        5,
        "供電方案答覆期限按規定時限辦理。",
        "供电方案答复期限按规定时限办理。",
        "Supply plans replied within the set time limits.",
    ),
    (
        6,
        "裝表接電期限按規定時限辦理。",
        "装表接电期限按规定时限办理。",
        "Meters installed and energized within the set time limits.",
    ),
    (
        7,
        "受理客戶計費電能表校驗申請後，按時出具檢測結果。",
        "受理客户计费电能表校验申请后，按时出具检测结果。",
        "Meter test requests answered with results on time.",
    ),
    (
        8,
        "電力供應不足時，嚴格按照政府批准的有序用電方案實施限電。",
        "电力供应不足时，严格按照政府批准的有序用电方案实施限电。",
        "In a shortage, load shedding only by the government-approved plan.",
    ),
    (
        9,
        "公開供電服務熱線，24小時受理業務諮詢、信息查詢、服務投訴和故障報修。",
        "公开供电服务热线，24小时受理业务咨询、信息查询、服务投诉和故障报修。",
        "A published service line around the clock for questions, complaints and fault reports.",
    ),
    (
        10,
        "受理客戶投訴後，1個工作日內聯繫客戶，7個工作日內答覆處理意見。",
        "受理客户投诉后，1个工作日内联系客户，7个工作日内答复处理意见。",
        "A complaint: the customer contacted within 1 working day, answered within 7.",
    ),
]

CHECKLIST = {
    "version": 1,
    "title": "供電門市檢查清單",
    "source": "優質服務管理辦法 2.3、2.4；《職工文明行為規範》",
}

# (number, code, clause, target, zh-Hant, zh-Hans, English, points)
CHECKLIST_ITEMS = [
    (
        1,
        "clean",
        "2.3",
        "hall",
        "窗明屋淨、整潔衛生",
        "窗明屋净、整洁卫生",
        "Clean and tidy: windows bright, room clean",
        10,
    ),
    (
        2,
        "tariffs-posted",
        "2.3",
        "hall",
        "電價明細張貼醒目、整齊",
        "电价明细张贴醒目、整齐",
        "Tariff details posted clearly and neatly",
        10,
    ),
    (
        3,
        "usage-notice-posted",
        "2.3",
        "hall",
        "用電須知張貼醒目、整齊",
        "用电须知张贴醒目、整齐",
        "Usage notice posted clearly and neatly",
        10,
    ),
    (
        4,
        "procedures-posted",
        "2.3",
        "hall",
        "用電業務流程張貼醒目、整齊",
        "用电业务流程张贴醒目、整齐",
        "Business procedures posted clearly and neatly",
        10,
    ),
    (5, "uniform", "2.4", "staff", "穿著統一工作服", "穿着统一工作服", "Wears the uniform", 10),
    (6, "badge", "2.4", "staff", "佩證上崗", "佩证上岗", "Wears the staff badge", 10),
    (7, "mandarin", "2.4", "staff", "使用國語", "使用国语", "Speaks Mandarin", 10),
    (
        8,
        "polite",
        "2.4",
        "staff",
        "使用文明用語、禮貌待人",
        "使用文明用语、礼貌待人",
        "Polite language and manners",
        10,
    ),
    (
        9,
        "patient",
        "2.4",
        "staff",
        "耐心解答客戶的問題",
        "耐心解答客户的问题",
        "Answers customers' questions patiently",
        10,
    ),
    (
        10,
        "proactive",
        "2.4",
        "staff",
        "服務主動熱情",
        "服务主动热情",
        "Serves proactively and warmly",
        10,
    ),
]
