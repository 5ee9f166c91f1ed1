"""advocacy.versions: the digest a kept piece of HTML is keyed by moves with what drew it."""

from advocacy.versions import code_digest


def test_the_digest_moves_with_code_templates_and_what_it_shows(tmp_path, settings):
    (tmp_path / "app").mkdir()
    code = tmp_path / "app" / "words.py"
    code.write_text("WORDS = 'one'")
    first = code_digest(("base.html",), ("app/*.py",), "shown", root=tmp_path)
    assert code_digest(("base.html",), ("app/*.py",), "shown", root=tmp_path) == first
    code.write_text("WORDS = 'two'")
    assert code_digest(("base.html",), ("app/*.py",), "shown", root=tmp_path) != first
    second = code_digest(("base.html",), ("app/*.py",), "shown", root=tmp_path)
    assert code_digest(("base.html",), ("app/*.py",), "other", root=tmp_path) != second
    assert code_digest(("_partials/_footer.html",), ("app/*.py",), "shown", root=tmp_path) != (
        second
    )
    # The compiled translations: a catalog that changes (a deploy) moves it too.
    catalog = tmp_path / "locale" / "xx" / "LC_MESSAGES" / "django.mo"
    catalog.parent.mkdir(parents=True)
    catalog.write_bytes(b"one")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    before = code_digest(root=tmp_path)
    catalog.write_bytes(b"longer")
    assert code_digest(root=tmp_path) != before
