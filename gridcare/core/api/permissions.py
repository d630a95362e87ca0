"""Role permissions for API views: each HTTP method needs the model permission the UI needs
for the same action (DESIGN.md convention 9); rows are scoped by the view's selector."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions


class ModelPermissions(permissions.DjangoModelPermissions):
    """Like DRF's, but reading needs the `view_` permission too."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }


def require(*perms: str) -> type[permissions.BasePermission]:
    """A permission class that needs every one of `perms` (for actions beyond CRUD)."""

    class Required(permissions.BasePermission):
        def has_permission(self, request: Any, view: Any) -> bool:
            user = request.user
            return bool(user and user.is_authenticated and user.has_perms(perms))

    Required.__name__ = "Requires_" + "_".join(p.replace(".", "_") for p in perms)
    return Required
