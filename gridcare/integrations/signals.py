"""Tokens stop working at once when what they were issued against changes: the holder's
roles (group membership, from any page or the admin site), their two-step enrolment
(an authenticator set up, reset or removed) or their sessions (ended by an
administrator, or by a two-step reset). Receivers run inside the change's transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django_otp.plugins.otp_totp.models import TOTPDevice

from gridcare.core.models import SessionCutoff
from gridcare.integrations.services import api_tokens_revoke


def _revoke(user_ids: Any, reason: str) -> None:
    for user in get_user_model().objects.filter(pk__in=list(user_ids)):
        api_tokens_revoke(user=user, reason=reason)


def roles_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **_kwargs: Any
) -> None:
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if not reverse:
        _revoke([instance.pk], "roles_changed")
    elif action == "pre_clear":
        # A group emptied: its members are known only before the clear.
        _revoke(instance.user_set.values_list("pk", flat=True), "roles_changed")
    else:
        _revoke(pk_set or (), "roles_changed")


def sessions_ended(sender: Any, instance: SessionCutoff, **_kwargs: Any) -> None:
    _revoke([instance.user_id], "sessions_ended")


def enrolment_changed(
    sender: Any, instance: TOTPDevice, created: bool = True, **_kwargs: Any
) -> None:
    # A device is saved on every verification too (its counters): only a new or removed
    # authenticator changes the enrolment.
    if created:
        _revoke([instance.user_id], "two_step_changed")


def connect() -> None:
    m2m_changed.connect(
        roles_changed,
        sender=get_user_model().groups.through,
        dispatch_uid="gridcare.integrations.roles_changed",
    )
    post_save.connect(
        sessions_ended, sender=SessionCutoff, dispatch_uid="gridcare.integrations.sessions"
    )
    post_save.connect(
        enrolment_changed, sender=TOTPDevice, dispatch_uid="gridcare.integrations.enrolled"
    )
    post_delete.connect(
        enrolment_changed, sender=TOTPDevice, dispatch_uid="gridcare.integrations.unenrolled"
    )
