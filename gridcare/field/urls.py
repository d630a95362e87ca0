from django.urls import path

from gridcare.field.views import faults, inspections, outages, patrols, public

app_name = "field"

urlpatterns = [
    path("outages/", outages.outage_list_view, name="outage_list"),
    path("outages/new/", outages.outage_create, name="outage_create"),
    path("outages/<int:pk>/", outages.outage_detail, name="outage_detail"),
    path("outages/<int:pk>/status/", outages.outage_status_view, name="outage_status"),
    path(
        "outages/<int:pk>/coordinate/<int:affected_pk>/",
        outages.outage_coordinate_view,
        name="outage_coordinate",
    ),
    path("faults/", faults.fault_list_view, name="fault_list"),
    path("faults/new/", faults.fault_create, name="fault_create"),
    path("faults/<int:pk>/", faults.fault_detail, name="fault_detail"),
    path("faults/<int:pk>/step/", faults.fault_step, name="fault_step"),
    path("inspections/", inspections.inspection_list_view, name="inspection_list"),
    path("inspections/new/", inspections.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection_detail"),
    path(
        "inspections/<int:pk>/record/", inspections.inspection_record_view, name="inspection_record"
    ),
    path("inspections/<int:pk>/notice/", inspections.notice_issue_view, name="notice_issue"),
    path("photos/<int:pk>/", inspections.photo_view, name="photo"),
    path("notices/<int:pk>.pdf", inspections.notice_pdf, name="notice_pdf"),
    path("notices/<int:pk>/step/", inspections.notice_step_view, name="notice_step"),
    path("patrols/", patrols.patrol_queue_view, name="patrol_queue"),
    path("patrols/<int:pk>/schedule/", patrols.patrol_schedule_view, name="patrol_schedule"),
    path("patrols/<int:pk>/decline/", patrols.patrol_decline_view, name="patrol_decline"),
    path(
        "accounts/<int:customer_pk>/patrol/",
        patrols.patrol_request_for_account,
        name="patrol_request_for_account",
    ),
    path("public/outages/", public.public_outage_list, name="public_outages"),
    path("public/outages/<str:town>.ics", public.public_outage_ical, name="public_outage_ical"),
]
