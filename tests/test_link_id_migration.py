"""Migration advocacy 0004 gives every existing user their own link id, in SQL, and then
makes it required and unique (issue 11, point 9)."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("advocacy", "0003_display_name_validated")]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_every_existing_user_gets_a_distinct_link_id():
    old = migrate(BEFORE).loader.project_state(BEFORE).apps
    OldUser = old.get_model("advocacy", "User")
    OldUser.objects.bulk_create(OldUser(email=f"early{n}@example.org") for n in range(300))
    # Rows pointing at users, as every real account has: the fill must not stop the
    # column from being made unique and required in the same migration.
    first = OldUser.objects.order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO account_emailaddress (user_id, email, verified, "primary")'
            " VALUES (%s, %s, true, true)",
            [first.pk, first.email],
        )

    migrate(None)

    User = get_user_model()
    link_ids = list(User.objects.values_list("link_id", flat=True))
    assert len(link_ids) == 300
    assert all(isinstance(link_id, uuid.UUID) for link_id in link_ids)
    assert len(set(link_ids)) == 300
    assert all(link_id.version == 4 for link_id in link_ids)  # random, not time-based
    # New accounts get theirs from the model; the database keeps them unique.
    newcomer = User.objects.create_user(email="later@example.org")
    assert newcomer.link_id not in link_ids
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=newcomer.pk).update(link_id=link_ids[0])
    # A sign-up on a web process still running the code of before (its model has no
    # link id) during the deploy: the database's default gives it one.
    OldUser.objects.create(email="during-deploy@example.org")
    assert User.objects.get(email="during-deploy@example.org").link_id not in link_ids
