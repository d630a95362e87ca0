from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "gridcare.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from gridcare.core import navigation
        from gridcare.org.roles import sync_roles

        navigation.register(
            navigation.NavItem(
                _("Staff"), "org:staff_list", icon="people", permission="org.view_staff", order=910
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Records out of window"),
                "org:out_of_window",
                icon="calendar-x",
                permission="org.view_company",
                order=915,
            )
        )

        # Roles are synced after every migrate, once all apps' permissions exist.
        post_migrate.connect(sync_roles, dispatch_uid="gridcare.org.sync_roles")
