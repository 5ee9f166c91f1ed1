"""Logging is idempotent: a reload, a double tap or a second submit of the same form
never makes a second post, on /me/ as from the email's link; a link logged before is
"already in your log", not an error."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client

from campaigns import services, tokens
from campaigns.models import Adoption, Post

LINK = "https://x.com/lotus/status/1861234567890123456"


def hidden_fields(html: str) -> dict:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def test_the_same_form_sent_twice_makes_one_post(volunteer_client, defender, prisoner):
    form = hidden_fields(volunteer_client.get("/me/").content.decode())
    assert re.fullmatch(r"[0-9a-f-]{36}", form["submission"])
    data = {**form, "link": LINK}
    first = volunteer_client.post("/me/posts/", data, follow=True)
    second = volunteer_client.post("/me/posts/", data, follow=True)
    # The second answers like the first: no error page, no second post.
    for response in (first, second):
        assert response.status_code == 200
        assert "Logged. Thank you for speaking up." in response.content.decode()
    post = Post.objects.get()
    assert (post.platform, post.link) == ("x", LINK)


def test_each_render_of_the_form_is_a_new_submission(volunteer_client, defender, prisoner):
    keys = {hidden_fields(volunteer_client.get("/me/").content.decode())["submission"]}
    keys.add(hidden_fields(volunteer_client.get("/me/").content.decode())["submission"])
    assert len(keys) == 2


def email_link(volunteer, prisoner) -> str:
    return f"/r/post/{tokens.make(tokens.LOG_POST, volunteer, p=prisoner.pk)}/"


def test_the_email_form_sent_twice_makes_one_post(defender, prisoner):
    browser, path = Client(enforce_csrf_checks=True), email_link(defender, prisoner)
    data = {**hidden_fields(browser.get(path).content.decode()), "link": LINK}
    first, second = browser.post(path, data), browser.post(path, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"{path}?logged=1"
    assert Post.objects.count() == 1


def test_a_reload_after_logging_from_the_email_logs_nothing_more(defender, prisoner):
    browser, path = Client(enforce_csrf_checks=True), email_link(defender, prisoner)
    data = {**hidden_fields(browser.get(path).content.decode()), "link": LINK}
    answer = browser.post(path, data)
    # Post/Redirect/Get: the page that says "logged" is a GET, reloading it is harmless.
    for _reload in range(3):
        page = browser.get(answer["Location"])
        assert page.status_code == 200
        html = page.content.decode()
        assert "Logged. Thank you for speaking up." in html
        assert f'href="{LINK}"' in html
    assert Post.objects.count() == 1


def test_logged_is_only_said_when_there_is_a_post(defender, prisoner):
    path = email_link(defender, prisoner)
    response = Client().get(f"{path}?logged=1")
    assert (response.status_code, response["Location"]) == (302, path)


def test_a_link_logged_before_reads_as_already_in_the_log(defender, prisoner):
    services.log_post(volunteer=defender, prisoner=prisoner, fields={"link": LINK})
    browser, path = Client(enforce_csrf_checks=True), email_link(defender, prisoner)
    data = {**hidden_fields(browser.get(path).content.decode()), "link": LINK}
    answer = browser.post(path, data)
    assert answer["Location"] == f"{path}?logged=already"
    page = browser.get(answer["Location"]).content.decode()
    assert "You had logged this link already." in page
    assert Post.objects.count() == 1


def test_the_service_answers_a_repeated_submission_with_the_first_post(defender, prisoner):
    fields = {"link": LINK, "submission_key": "9b2f4a4e-5d1c-4f6e-9a43-2f7d0f3c1b8e"}
    first = services.log_post(volunteer=defender, prisoner=prisoner, fields=fields)
    again = services.log_post(volunteer=defender, prisoner=prisoner, fields=fields)
    assert again.pk == first.pk
    with pytest.raises(services.AlreadyLogged) as already:
        services.log_post(volunteer=defender, prisoner=prisoner, fields={"link": LINK})
    assert already.value.post.pk == first.pk


@pytest.mark.django_db(transaction=True)
def test_a_double_tap_racing_itself_makes_one_post(make_user, make_prisoner):
    volunteer, prisoner = make_user(), make_prisoner()
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    fields = {"link": LINK, "submission_key": "5b1e8f0c-7e0a-4a57-8c59-9d4a6f3b2c11"}
    start, answers = threading.Barrier(2), []

    def tap():
        try:
            start.wait()
            post = services.log_post(volunteer=volunteer, prisoner=prisoner, fields=fields)
            answers.append(post.pk)
        finally:
            connection.close()

    taps = [threading.Thread(target=tap) for _ in range(2)]
    for thread in taps:
        thread.start()
    for thread in taps:
        thread.join()
    assert len(answers) == 2 and len(set(answers)) == 1
    assert Post.objects.count() == 1
