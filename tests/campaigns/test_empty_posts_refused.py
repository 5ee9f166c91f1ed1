"""A post counts only with a link, or a description of at least a sentence: an empty
post is refused by the form, by `services.log_post` and by the database itself."""

import pytest
from django.db import IntegrityError, connection, transaction

from campaigns import services
from campaigns.models import Post

EMPTY = "Paste the link to your post, or describe what you did."


def test_the_form_refuses_an_empty_post_with_a_clear_message(volunteer_client, defender, prisoner):
    response = volunteer_client.post(
        "/me/posts/", {"prisoner": prisoner.pk, "link": "", "description": "", "text": ""}
    )
    assert response.status_code == 400
    assert EMPTY in response.content.decode()
    assert not Post.objects.exists()


def test_a_copied_text_without_its_link_is_not_a_post(volunteer_client, defender, prisoner):
    text = "Wu Gan has been held for years for his words. #FreeWuGan"
    response = volunteer_client.post("/me/posts/", {"prisoner": prisoner.pk, "text": text})
    assert response.status_code == 400
    assert EMPTY in response.content.decode()
    assert not Post.objects.exists()


def test_the_service_refuses_an_empty_post(defender, prisoner):
    with pytest.raises(services.Refused) as refused:
        services.log_post(volunteer=defender, prisoner=prisoner, fields={"platform": "x"})
    assert (refused.value.message, refused.value.status) == (EMPTY, 400)
    assert not Post.objects.exists()


def test_the_database_refuses_an_empty_post(defender, prisoner):
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        Post.objects.create(volunteer=defender, prisoner=prisoner, platform="x", text="Hi")
    assert refused.value.__cause__.diag.constraint_name == "post_has_link_or_sentence"
    # Nor can a post that counts be emptied afterwards.
    post = Post.objects.create(
        volunteer=defender, prisoner=prisoner, platform="x", link="https://x.com/a/status/1"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.filter(pk=post.pk).update(link="")


@pytest.mark.django_db
def test_posts_logged_before_the_rule_stay_the_rule_is_not_validated_on_them():
    # NOT VALID: PostgreSQL checks new and changed rows only, the old ones stay.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT convalidated FROM pg_constraint WHERE conname = 'post_has_link_or_sentence'"
        )
        assert cursor.fetchone() == (False,)


def test_a_deleted_volunteers_posts_stay_anonymous_and_empty(volunteer_client, defender, prisoner):
    services.log_post(
        volunteer=defender, prisoner=prisoner, fields={"link": "https://x.com/a/status/1"}
    )
    services.delete_account(volunteer=defender)
    post = Post.objects.get()
    assert (post.volunteer, post.link, post.text) == (None, "", "")
