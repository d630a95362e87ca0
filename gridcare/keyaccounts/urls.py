from django.urls import path

from gridcare.keyaccounts.views import accounts, contacts, desk, rounds

app_name = "keyaccounts"

urlpatterns = [
    path("", accounts.account_list, name="account_list"),
    path("accounts/<int:pk>/", accounts.account_detail, name="account_detail"),
    path("accounts/<int:pk>/record/", accounts.interaction_create, name="interaction_create"),
    path("accounts/<int:pk>/items/new/", accounts.item_create, name="item_create"),
    path("accounts/<int:pk>/remove/", accounts.account_remove, name="account_remove"),
    path(
        "accounts/<int:pk>/contact-change/",
        accounts.contact_change_new,
        name="contact_change_new",
    ),
    path("items/", accounts.item_list_view, name="item_list"),
    path("items/<int:pk>/", accounts.item_detail, name="item_detail"),
    path("items/<int:pk>/link/", accounts.item_link, name="item_link"),
    path("desk/", desk.desk, name="desk"),
    path("desk/feed/", desk.feed_manage, name="feed_manage"),
    path("feed/<str:token>.ics", desk.feed, name="feed"),
    path("half-years/", desk.half_year_overview, name="half_year_overview"),
    path("proposals/", desk.proposal_list_view, name="proposal_list"),
    path("proposals/new/", desk.proposal_new, name="proposal_new"),
    path("proposals/<int:pk>/withdraw/", desk.proposal_withdraw_view, name="proposal_withdraw"),
    path("rounds/", rounds.round_list_view, name="round_list"),
    path("rounds/interim/", rounds.interim_new, name="interim_new"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("rounds/<int:pk>/add/", rounds.entry_add, name="entry_add"),
    path("rounds/<int:pk>/entries/<int:entry_pk>/", rounds.entry_update, name="entry_update"),
    path("rounds/<int:pk>/submit/", rounds.round_submit, name="round_submit"),
    path("rounds/<int:pk>/approve/", rounds.round_approve, name="round_approve"),
    path("rounds/<int:pk>/return/", rounds.round_return, name="round_return"),
    path("rounds/<int:pk>/cancel/", rounds.round_cancel, name="round_cancel"),
    path("list/", rounds.list_history, name="list_history"),
    path("list/add/", rounds.adjust_add, name="adjust_add"),
    path("settings/", rounds.settings_view, name="settings"),
    path("contacts/changes/", contacts.contact_changes, name="contact_changes"),
    path(
        "contacts/changes/<int:pk>/decide/",
        contacts.contact_change_decide_view,
        name="contact_change_decide",
    ),
    path(
        "contacts/changes/<int:pk>/withdraw/",
        contacts.contact_change_withdraw_view,
        name="contact_change_withdraw",
    ),
    path("contacts/stability/", contacts.stability, name="stability"),
]
