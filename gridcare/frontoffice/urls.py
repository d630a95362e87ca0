from django.urls import path

from gridcare.frontoffice.views import calls, extensions, fees, halls, inspections, matters

app_name = "frontoffice"

urlpatterns = [
    # Calls
    path("calls/", calls.call_index, name="call_list"),
    path("calls/rates/", calls.call_rates, name="call_rates"),
    path("calls/callbacks/", calls.callback_list, name="callback_list"),
    path("calls/new/", calls.call_new, name="call_new"),
    path("calls/<int:pk>/", calls.call_detail, name="call_detail"),
    path("calls/<int:pk>/callback/", calls.call_back, name="call_back"),
    path("calls/imports/", calls.import_index, name="import_list"),
    path("calls/imports/<int:pk>/", calls.import_detail, name="import_detail"),
    path("calls/imports/sample.csv", calls.import_sample, name="import_sample"),
    path("calls/extensions/", extensions.extension_index, name="extension_list"),
    path("calls/extensions/<int:pk>/", extensions.extension_edit, name="extension_edit"),
    # Service halls
    path("halls/", halls.hall_index, name="hall_list"),
    path("halls/tickets/", halls.ticket_index, name="ticket_list"),
    path("halls/<int:hall_id>/kiosk/", halls.kiosk, name="kiosk"),
    path(
        "halls/<int:hall_id>/counters/<int:counter_id>/",
        halls.counter_screen,
        name="counter",
    ),
    path(
        "halls/<int:hall_id>/counters/<int:counter_id>/<str:action>/",
        halls.counter_action,
        name="counter_action",
    ),
    path("inspections/", inspections.inspection_index, name="inspection_list"),
    path("inspections/new/<int:hall_id>/", inspections.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection_detail"),
    path("inspections/results/<int:pk>/assess/", inspections.result_assess, name="result_assess"),
    path("inspections/photos/<int:pk>/", inspections.inspection_photo, name="inspection_photo"),
    # Matters and complaints
    path("matters/", matters.matter_index, name="matter_list"),
    path("matters/new/", matters.matter_new, name="matter_new"),
    path("matters/<int:pk>/", matters.matter_detail, name="matter_detail"),
    path("matters/<int:pk>/refer/", matters.matter_refer_view, name="matter_refer"),
    path("matters/<int:pk>/relay/", matters.matter_relay_view, name="matter_relay"),
    path("matters/<int:pk>/contact/", matters.matter_contact_view, name="matter_contact"),
    path("matters/<int:pk>/close/", matters.matter_close_view, name="matter_close"),
    path("matters/<int:pk>/reopen/", matters.matter_reopen_view, name="matter_reopen"),
    path("matters/<int:pk>/owner/", matters.matter_owner_view, name="matter_owner"),
    path("matters/<int:pk>/decide/", matters.complaint_decide_view, name="complaint_decide"),
    path("matters/<int:pk>/assess/", matters.complaint_assess_view, name="complaint_assess"),
    path("referrals/", matters.referral_index, name="referral_list"),
    path("referrals/<int:pk>/", matters.referral_detail, name="referral_detail"),
    # Fees
    path("fees/", fees.catalogue, name="fee_catalogue"),
    path("fees/charges/", fees.charge_index, name="charge_list"),
    path("fees/charges/new/", fees.charge_new, name="charge_new"),
    path("fees/report/", fees.charge_report, name="charge_report"),
]
