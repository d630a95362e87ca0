from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "gridcare.customers"
    label = "customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        from gridcare.customers.audit_actions import register_actions

        register_actions()
        from gridcare.core import demo, navigation
        from gridcare.customers import generate  # noqa: F401
        from gridcare.customers.demo import load_demo

        navigation.register(
            navigation.NavItem(
                _("Customers"),
                "customers:customer_list",
                icon="people",
                permission="customers.view_customer",
                order=20,
            )
        )
        demo.register(demo.DemoLoader("customers", load_demo, order=20))
