"""cms/middleware.py: the admin sign-in throttle."""

import pytest

from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("clear_cache")


def test_admin_sign_in_is_throttled_after_repeated_failures(client, db):
    make_user("target")
    for _ in range(10):
        response = client.post("/admin/login/", {"username": "target", "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/admin/login/", {"username": "target", "password": "pw-test-123"})
    assert response.status_code == 429 and "登录失败次数过多" in response.content.decode()
    # Another user name from the same address is not locked out.
    make_user("other")
    assert (
        client.post("/admin/login/", {"username": "other", "password": "pw-test-123"}).status_code
        == 302
    )
