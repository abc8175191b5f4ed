import pytest


@pytest.fixture
def login():
    """A fresh client signed in as ``user`` (the shared fixtures reuse one client)."""
    from django.test import Client

    def signed_in(user=None):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return signed_in
