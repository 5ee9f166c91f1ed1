"""A claim and a logged post lead to /me/, whose address is reversed once per URLconf and
script prefix (campaigns/views.py `_to_me`): a site served under a prefix keeps it."""

from django.test.utils import override_script_prefix

from campaigns.models import Adoption


def test_a_claim_and_a_post_lead_to_me_under_each_prefix(
    volunteer_client, volunteer, make_prisoner
):
    first, second = make_prisoner(name="First"), make_prisoner(name="Second")
    with override_script_prefix("/campaign/"):
        response = volunteer_client.post(f"/prisoners/{first.slug}/defend/")
    assert (response.status_code, response["Location"]) == (302, "/campaign/me/")
    Adoption.objects.filter(volunteer=volunteer).delete()
    response = volunteer_client.post(f"/prisoners/{second.slug}/defend/")
    assert (response.status_code, response["Location"]) == (302, "/me/")
    data = {"prisoner": second.pk, "link": "https://x.com/lotus/status/1"}
    with override_script_prefix("/other/"):
        response = volunteer_client.post("/me/posts/", data)
    assert (response.status_code, response["Location"]) == (302, "/other/me/")
    data["link"] = "https://x.com/lotus/status/2"
    response = volunteer_client.post("/me/posts/", data)
    assert (response.status_code, response["Location"]) == (302, "/me/")
