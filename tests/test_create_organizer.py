import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command


def test_create_organizer_prints_a_new_random_password_that_works(db, capsys):
    call_command("create_organizer", "Org@Example.org")
    first = re.search(r"Password .*: (\S+)", capsys.readouterr().out).group(1)
    user = authenticate(email="Org@example.org", password=first)
    assert user is not None and user.is_staff
    assert user.groups.filter(name="Organizers").exists()
    assert user.has_perm("prisoners.change_prisoner")
    assert not user.has_perm("advocacy.change_user")
    # The address is vouched for: the site's login does not wait for a confirmation.
    assert user.emailaddress_set.get().verified

    call_command("create_organizer", "org@example.org")
    second = re.search(r"Password .*: (\S+)", capsys.readouterr().out).group(1)
    assert second != first
    assert authenticate(email="Org@example.org", password=first) is None


def test_create_organizer_refuses_a_bad_address(db):
    with pytest.raises(CommandError, match="not an email"):
        call_command("create_organizer", "not-an-address")
