"""An organizer uploads a list in the browser, in English and in Chinese: a real Celery
worker checks it, the preview names who is created, the confirmation starts the import,
and the progress bar (static/js/import-progress.js polling the JSON) runs until the page
turns into the result."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from prisoners.models import ImportJob, Prisoner
from tests import smtp
from tests.campaigns.processes import Broker, Processes, publishing_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = 1500  # three batches: long enough to see the bar move
HEADER = "Name,Gender,Date of Birth,Date of Death,Place,Sentence,Source"
TEXTS = {
    "en": {
        "check": "Check the file",
        "preview": "Preview: nothing is saved yet",
        "save": f"Save these {ROWS} prisoners",
        "progress": "rows read",
        "done": f"Saved: {ROWS} created, 0 updated, 0 unchanged.",
    },
    "zh-hans": {
        "check": "检查文件",
        "preview": "预览：尚未保存任何内容",
        "save": f"保存这{ROWS}名政治犯的资料",
        "progress": "行中的",
        "done": f"已保存：新增{ROWS}条，更新0条，0条未变。",
    },
}


@pytest.fixture
def worker(tmp_path, settings, transactional_db):
    broker = Broker(tmp_path).start()
    settings.REDIS_URL = broker.url
    processes = Processes(broker, smtp.free_port(), tmp_path)
    with publishing_to(broker.url):
        yield processes.worker("import-browser-worker", queues="celery")
    processes.stop_all()
    broker.stop()


def the_file(path) -> str:
    lines = [HEADER, "王丹,男,1969,,北京,life,https://example.org/wang-dan"]
    lines += [f"测试{n},F,1980,,上海,2030,https://example.org/t/{n}" for n in range(ROWS - 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_upload_runs_through_the_worker_to_the_result_page(
    live_server, browser, organizer, worker, tmp_path, language
):
    client = Client()
    client.force_login(organizer)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {"name": name, "value": value, "url": live_server.url}
            for name, value in (
                ("sessionid", client.cookies["sessionid"].value),
                ("django_language", language),
            )
        ]
    )
    page = context.new_page()
    texts = TEXTS[language]

    page.goto(live_server.url + "/organize/import/")
    page.locator("input[name=file]").set_input_files(the_file(tmp_path / "list.csv"))
    page.get_by_role("button", name=texts["check"]).click()
    expect(page).to_have_url(re.compile(r"/organize/import/\d+/$"))
    expect(page.get_by_text(texts["preview"])).to_be_visible(timeout=60_000)
    expect(page.locator("#import-created")).to_contain_text("王丹")

    page.get_by_role("button", name=texts["save"]).click()
    bar = page.locator("progress#import-progress")
    expect(bar).to_be_visible()
    expect(page.locator("#import-progress-text")).to_contain_text(texts["progress"])
    expect(page.locator("#import-done")).to_have_text(texts["done"], timeout=120_000)
    expect(bar).to_have_count(0)
    assert Prisoner.objects.count() == ROWS
    assert ImportJob.objects.get().status == "done"
    context.close()
