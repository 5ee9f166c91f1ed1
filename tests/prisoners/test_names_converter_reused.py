"""Folding many names builds each OpenCC converter once.

Building one loads its dictionaries (milliseconds, hundreds of times a conversion), and
every prisoner saved and every search folds several spellings.
"""

import opencc

from prisoners import chinese


def test_converting_many_names_does_not_rebuild_the_converter(monkeypatch):
    built = []
    real = opencc.OpenCC

    def counting(config):
        built.append(config)
        return real(config)

    monkeypatch.setattr(opencc, "OpenCC", counting)
    for _ in range(20):
        assert chinese.fold_to_simplified("劉曉波") == "刘晓波"
        assert chinese.to_traditional("刘晓波") == "劉曉波"
    # At most once per direction (none if an earlier test already built it).
    assert len(built) <= 2
