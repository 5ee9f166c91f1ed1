"""The ways lists write a gender all mean one: 男/女, M/F, male/female, 男性/女性, in any
case and with spaces around; anything else is a warning and an empty gender."""

import pytest

from prisoners.importer import import_prisoners
from prisoners.models import Prisoner

HEADER = "Name,Gender,Date of Birth,Date of Death,Place,Sentence,Source"


@pytest.mark.parametrize(
    ("cell", "gender"),
    [
        ("男", "male"),
        ("女", "female"),
        ("男性", "male"),
        ("女性", "female"),
        (" 男 ", "male"),
        ("M", "male"),
        ("m", "male"),
        ("F", "female"),
        ("f", "female"),
        ("male", "male"),
        ("Male", "male"),
        ("MALE", "male"),
        ("female", "female"),
        ("FEMALE", "female"),
        ("  Female\t", "female"),
        ("", ""),
    ],
)
@pytest.mark.django_db
def test_a_common_spelling_of_gender_is_understood(cell, gender):
    report = import_prisoners(f'{HEADER}\n王丹,"{cell}",,,,,https://example.org/1\n')

    assert report.warnings == []
    assert Prisoner.objects.get().gender == gender


@pytest.mark.parametrize("cell", ["robot", "男女", "mf", "femal"])
@pytest.mark.django_db
def test_anything_else_is_a_warning_and_left_empty(cell):
    report = import_prisoners(f"{HEADER}\n王丹,{cell},,,,,https://example.org/1\n")

    assert [(w.line, w.message) for w in report.warnings] == [
        (2, f"Gender “{cell}” is not male or female; left empty")
    ]
    assert Prisoner.objects.get().gender == ""
