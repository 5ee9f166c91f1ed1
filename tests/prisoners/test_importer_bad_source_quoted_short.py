"""A Source that is not a web address is named in the warning by its first 80 characters."""

from prisoners.importer import import_prisoners

HEADER = "Name,Gender,Date of Birth,Date of Death,Place,Sentence,Source"


def test_a_long_bad_source_is_cut_to_80_characters_in_the_warning(db):
    bad = "x" * 200  # one word: a single Source, not a web address
    report = import_prisoners(f"{HEADER}\n甲,male,,,北京,life,{bad} https://example.org/1")
    [warning] = report.warnings
    assert f"“{'x' * 80}”" in warning.message
    assert report.created == 1
