"""The beat schedule is code, in UTC: a tick every quarter hour, a sweep every five
minutes, and a late tick expires."""


def test_the_schedule_is_code_in_utc_a_tick_every_quarter_hour_and_a_sweep_every_five():
    from celery.schedules import crontab
    from django.conf import settings as django_settings

    from advocacy.celery import app

    beat = django_settings.CELERY_BEAT_SCHEDULE
    assert django_settings.CELERY_TIMEZONE == "UTC"
    tick, sweep = beat["reminders-tick"], beat["reminders-sweep"]
    assert isinstance(tick["schedule"], crontab) and isinstance(sweep["schedule"], crontab)
    assert tick["schedule"].minute == {0, 15, 30, 45}
    assert tick["schedule"].hour == set(range(24))
    assert sweep["schedule"].minute == set(range(0, 60, 5))
    app.loader.import_default_modules()  # what a worker does: the tasks it would run exist
    assert {tick["task"], sweep["task"]} <= set(app.tasks)
    # A tick that waited longer than a quarter hour in the broker is dropped, not run late
    # on top of the next one.
    assert tick["options"]["expires"] < 15 * 60
