import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError


def test_a_users_time_zone_must_exist(make_user):
    user = make_user(timezone="Asia/Shanghai")
    user.full_clean()
    user.timezone = "Mars/Olympus_Mons"
    with pytest.raises(ValidationError, match="not a known time zone"):
        user.full_clean()


def test_sign_in_ignores_the_case_of_the_address(make_user):
    make_user(email="Lotus@Example.org")
    assert authenticate(email="lotus@example.ORG", password="a long passphrase here") is not None


def test_a_user_is_shown_by_pseudonym_never_by_address(make_user):
    user = make_user(email="real.name@example.org", display_name="Lotus")
    assert str(user) == "Lotus"
    user.display_name = ""
    assert "real.name" not in str(user)
