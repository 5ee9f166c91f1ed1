"""A count of one reads in the singular: "1 supporter", never "1 supporters"."""

from django.core.cache import cache

from campaigns import services


def test_the_figures_of_one_are_singular(org, client, make_user, make_prisoner):
    prisoner = make_prisoner()
    services.support_prisoner(volunteer=make_user(), prisoner=prisoner)
    cache.clear()
    tiles = org.get("/organize/").content.decode().split('id="figures-heading"')[1]
    tiles = tiles.split("</section>")[0]
    assert "</div>supporter</div>" in tiles
    assert "</div>published prisoner</div>" in tiles
    assert "supporters" not in tiles and "published prisoners" not in tiles
    assert "reminders sent this week" in tiles  # none: the plural
    home = client.get("/").content.decode()
    assert "prisoner on the list" in home and "prisoners on the list" not in home
