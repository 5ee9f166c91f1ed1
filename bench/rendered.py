"""Issue 17: the pages as rendered every time, each against a bare view of its own kind.

    make bench                       # 50,000 prisoners (bench/run.py makes them)
    BENCH_PRISONERS=5000 python bench/rendered.py

Signed-in volunteers, organizers and the first visitor after a change get a rendered
page, never the anonymous page cache. Measured with the page cache off: the list, a
profile and home for the first anonymous visitor, against "hello" (a bare view); the
list, a profile, home and `/me/` for a signed-in volunteer who defends someone and
`/organize/` for an organizer with a second factor, against "hello" as a signed-in
volunteer (its session and user read, no template: the floor of any signed-in page,
as the empty signed-in POST is the floor of a claim in bench/actions.py). Each ratio is
also printed against the anonymous "hello". Each page is measured for `BENCH_SECONDS`,
best of `BENCH_ROUNDS` interleaved rounds. The kept parts (cards, profile, chrome) stay
in the cache between requests, as on a live site; the first request of each round warms
them.
"""

import os

import bootstrap

bootstrap.setup()

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from run import WANTED, generate
from run import throughput as cold_throughput

from advocacy.management.commands.create_organizer import organizers_group
from campaigns.models import Adoption, VolunteerSettings
from prisoners.models import CaseEvent, Prisoner

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
VOLUNTEER = "bench-rendered-volunteer@example.org"
ORGANIZER = "bench-rendered-organizer@example.org"
# Page -> goal, as a share of the bare view of the same kind (issue 17).
GOALS = {"list": 0.15, "profile": 0.25, "home": 0.25, "/me/": 0.2, "/organize/": 0.1}


def throughput(client: Client, url: str) -> float:
    """As run.throughput, but the cache kept: card fragments survive between requests."""
    return cold_throughput(client, url, clear_cache=False)


def user(email: str, **fields):
    User = get_user_model()
    found, made = User.objects.get_or_create(email=email, defaults=fields)
    if made:
        EmailAddress.objects.create(user=found, email=email, verified=True, primary=True)
        VolunteerSettings.objects.get_or_create(volunteer=found)
    return found


def volunteer_client() -> tuple[Client, Prisoner]:
    """A volunteer defending one prisoner (whose profile is measured)."""
    volunteer = user(VOLUNTEER, display_name="Bench reader")
    adoption = Adoption.objects.active().filter(volunteer=volunteer).first()
    if adoption is None:
        prisoner = (
            Prisoner.objects.published()
            .exclude(pk__in=Adoption.objects.active().values("prisoner_id"))
            .order_by("pk")
            .first()
        )
        adoption = Adoption.objects.create(
            volunteer=volunteer, prisoner=prisoner, role=Adoption.Role.DEFENDER
        )
    prisoner = adoption.prisoner
    if not prisoner.events.exists():
        for day in range(1, 6):
            CaseEvent.objects.create(prisoner=prisoner, date=f"2020-01-0{day}", text="Event")
    client = Client()
    client.force_login(volunteer)
    return client, prisoner


def organizer_client() -> Client:
    organizer = user(ORGANIZER, display_name="Bench organizer", is_staff=True)
    organizer.groups.add(organizers_group())
    if not is_mfa_enabled(organizer):
        TOTP.activate(organizer, generate_totp_secret())
    client = Client()
    client.force_login(organizer)
    return client


def main() -> None:
    call_command("migrate", verbosity=0)
    generate(WANTED)
    reader, defended = volunteer_client()
    organizer = organizer_client()
    anonymous = Client()
    pages = {
        ("anonymous", "list"): (anonymous, "/prisoners/"),
        ("anonymous", "profile"): (anonymous, defended.get_absolute_url()),
        ("anonymous", "home"): (anonymous, "/"),
        ("signed in", "list"): (reader, "/prisoners/"),
        ("signed in", "profile"): (reader, defended.get_absolute_url()),
        ("signed in", "home"): (reader, "/"),
        ("signed in", "/me/"): (reader, "/me/"),
        ("signed in", "/organize/"): (organizer, "/organize/"),
    }
    best: dict[tuple[str, str], float] = {}
    floor = {"anonymous": 0.0, "signed in": 0.0}
    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False, PAGE_CACHE_SECONDS=0):
        cache.clear()
        for _ in range(ROUNDS):  # interleaved rounds, the best of each kept
            floor["anonymous"] = max(floor["anonymous"], throughput(anonymous, "/bench/hello/"))
            floor["signed in"] = max(floor["signed in"], throughput(reader, "/bench/hello/"))
            for page, (client, url) in pages.items():
                best[page] = max(best.get(page, 0.0), throughput(client, url))
    hello = floor["anonymous"]
    total = Prisoner.objects.count()
    print(f"\n{total:,} prisoners, rendered every time (the page cache off)")
    signed_in = floor["signed in"]
    print(f"  hello {hello:,.0f} req/s; signed-in hello {signed_in:,.0f} req/s")
    print(f"  (a signed-in bare request: {signed_in / hello:.3f} x hello)")
    for (kind, page), rate in best.items():
        goal, baseline = GOALS[page], floor[kind]
        verdict = "PASS" if rate >= goal * baseline else "FAIL"
        print(
            f"  {kind:<9} {page:<11} {rate:7,.0f} req/s  {rate / baseline:6.3f} x {kind} hello"
            f"  (goal >= {goal:.2f})  {verdict}  [{rate / hello:5.3f} x hello]"
        )


if __name__ == "__main__":
    main()
