"""Helpers for the two-step login tests: sign in through the real second step."""

from __future__ import annotations

from binascii import unhexlify
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gridcare.mfa.activation import activation_code_issue
from gridcare.mfa.services import new_totp_key, totp_device_enrol


def code_for_key(key: str) -> str:
    """The code an authenticator app shows now for a hex key."""
    return f"{totp(unhexlify(key.encode())):06d}"


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=device.drift):06d}"


@pytest.fixture
def enrolled() -> Callable[..., tuple[TOTPDevice, list[str]]]:
    """enrolled(user) → (authenticator, recovery codes), set up through the service."""

    def make(user: Any) -> tuple[TOTPDevice, list[str]]:
        key = new_totp_key()
        activation = activation_code_issue(target=user, actor=None)
        return totp_device_enrol(
            user=user, key=key, code=code_for_key(key), activation_code=activation
        )

    return make


@pytest.fixture
def verified_client(
    enrolled: Callable[..., tuple[TOTPDevice, list[str]]],
) -> Callable[[Any], Client]:
    """verified_client(user) → a client signed in with the password and a recovery code
    (an authenticator code would be spent for the rest of the 30-second window)."""

    def make(user: Any) -> Client:
        _device, codes = enrolled(user)
        client = Client()
        client.force_login(user)
        response = client.post(reverse("mfa:verify"), {"code": codes[0]})
        assert response.status_code == 302, response.content
        return client

    return make
