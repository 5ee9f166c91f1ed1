import datetime

from django.contrib.postgres.indexes import GinIndex
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import names, regions
from .choices import CLOSED_STATUSES, Gender, Priority, Sentence, Status
from .dates import PartialDate, PartialDateOf, Precision, whole_years_between
from .importjobs import ImportJob  # noqa: F401 - a model of this app
from .naming import PrisonerNaming
from .querysets import PrisonerQuerySet
from .texts import InLanguage, Translated, chinese_versions, localized  # noqa: F401


class Prisoner(PrisonerNaming, models.Model):
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("As usually written in English. Left blank, it is made from the pinyin."),
    )
    native_name = models.CharField(_("name in Chinese"), max_length=200, blank=True)
    pinyin = models.CharField(
        _("pinyin"),
        max_length=200,
        blank=True,
        help_text=_("With tone marks. Left blank, it is made from the Chinese name."),
    )
    aliases = models.CharField(
        _("other names"),
        max_length=500,
        blank=True,
        help_text=_("Other spellings and names, separated by commas. Searched too."),
    )
    non_han = models.BooleanField(
        _("name is not Chinese"),
        default=False,
        help_text=_(
            "Uyghur, Tibetan, Mongolian and other names written in Chinese characters by their "
            "sound. Their pinyin is never shown as the English name. Names with “•” are "
            "marked automatically."
        ),
    )
    # An organizer typed the English name: imports and derivations leave it alone.
    name_set_by_hand = models.BooleanField(default=False, editable=False)
    slug = models.SlugField(_("address"), max_length=120, unique=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender, blank=True)
    birth_date = models.DateField(_("born"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("precision of birth date"), max_length=5, choices=Precision, default=Precision.DAY
    )
    death_date = models.DateField(_("died"), null=True, blank=True)
    death_date_precision = models.CharField(
        _("precision of date of death"), max_length=5, choices=Precision, default=Precision.DAY
    )
    region = models.CharField(
        _("region"), max_length=100, blank=True, help_text=_("Province or region.")
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    # The province-level division (GB/T 2260 code, "65" for Xinjiang) the region and
    # place resolve to; derived, see prisoners.regions.
    province = models.CharField(_("province"), max_length=2, blank=True, editable=False)
    occupation = models.CharField(_("occupation or group"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.UNKNOWN)
    detained_on = models.DateField(_("detained on"), null=True, blank=True)
    detained_on_precision = models.CharField(
        _("precision of detention date"), max_length=5, choices=Precision, default=Precision.DAY
    )
    sentenced_on = models.DateField(_("sentenced on"), null=True, blank=True)
    sentenced_on_precision = models.CharField(
        _("precision of sentencing date"), max_length=5, choices=Precision, default=Precision.DAY
    )
    sentence = models.CharField(_("sentence"), max_length=10, choices=Sentence, blank=True)
    sentence_end = models.DateField(_("sentence ends"), null=True, blank=True)
    sentence_end_precision = models.CharField(
        _("precision of sentence end"), max_length=5, choices=Precision, default=Precision.DAY
    )
    charges = models.TextField(_("charges"), blank=True)
    facility = models.CharField(_("prison or facility"), max_length=200, blank=True)
    health_concerns = models.TextField(_("health concerns"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    # The case in Chinese: see Translated. The fields above are the English text.
    occupation_zh_hans, occupation_zh_hant = chinese_versions(occupation)
    charges_zh_hans, charges_zh_hant = chinese_versions(charges)
    facility_zh_hans, facility_zh_hant = chinese_versions(facility)
    health_concerns_zh_hans, health_concerns_zh_hant = chinese_versions(health_concerns)
    summary_zh_hans, summary_zh_hant = chinese_versions(summary)
    photo = models.ImageField(_("photo"), upload_to="prisoners/", blank=True)
    priority = models.SmallIntegerField(_("priority"), choices=Priority, default=Priority.NORMAL)
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Only published prisoners are shown publicly.")
    )
    hashtag = models.CharField(
        _("hashtag"), max_length=100, blank=True, help_text=_("Without the #, e.g. FreeWuGan.")
    )
    cppc_id = models.CharField(_("CPPC record"), max_length=50, blank=True)
    cecc_id = models.CharField(_("CECC record"), max_length=50, blank=True)
    duihua_id = models.CharField(_("Dui Hua record"), max_length=50, blank=True)
    import_key = models.CharField(
        _("import key"),
        max_length=500,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("Identifies the imported row this prisoner came from."),
    )
    # Every spelling folded by prisoners.names.normalize_for_search; derived, never edited.
    search_key = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    occupation_local = Translated("occupation")
    charges_local = Translated("charges")
    facility_local = Translated("facility")
    health_concerns_local = Translated("health_concerns")
    summary_local = Translated("summary")

    birth = PartialDateOf("birth_date")
    death = PartialDateOf("death_date")
    detained = PartialDateOf("detained_on")
    sentenced = PartialDateOf("sentenced_on")
    sentence_ends = PartialDateOf("sentence_end")

    objects = PrisonerQuerySet.as_manager()

    class Meta:
        verbose_name = _("prisoner")
        verbose_name_plural = _("prisoners")
        ordering = ["name", "pk"]
        indexes = [
            # Substring search on any spelling (PrisonerQuerySet.search): LIKE '%…%'.
            GinIndex(
                name="prisoner_search_trgm", fields=["search_key"], opclasses=["gin_trgm_ops"]
            ),
            # The public list and its filters: published, by status and region.
            models.Index(name="prisoner_pub_region", fields=["is_published", "region"]),
            models.Index(name="prisoner_pub_place", fields=["is_published", "place"]),
            # "Most urgent first" (PrisonerQuerySet.most_urgent_first) on the public list
            # and home page, and within one status or province: a page is read in that
            # order from the index, not sorted, nor found by skipping other provinces'
            # rows (800 read for 24 at 50,000 prisoners, issue 17).
            *(
                models.Index(
                    *first,
                    models.F("priority").desc(),
                    models.F("detained_on").asc(nulls_last=True),
                    "name",
                    "id",
                    name="_".join(["prisoner", *first, "urgency"]),
                    condition=Q(is_published=True),
                )
                for first in ((), ("status",), ("province",))
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="prisoner_sentence_end_only_for_terms",
                condition=Q(sentence_end__isnull=True) | Q(sentence=Sentence.TERM),
            ),
            models.CheckConstraint(
                name="prisoner_has_a_name",
                condition=~Q(name="", native_name=""),
            ),
        ]

    def __str__(self):
        native = self.localized_native_name()
        if native and self.name:
            return f"{self.name} ({native})"
        return self.name or native

    def save(self, *args, **kwargs):
        # Derived spellings are denormalised here, the one place every write passes,
        # so that search can never disagree with the names shown.
        self.fill_derived_fields()
        former = self._loaded.get("slug")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "updated_at" not in update_fields:
            # Every write moves the version on: cached cards and images are keyed by it.
            kwargs["update_fields"] = update_fields = [*update_fields, "updated_at"]
        writes_slug = update_fields is None or "slug" in update_fields
        if self._state.adding or not former or former == self.slug or not writes_slug:
            super().save(*args, **kwargs)
        else:
            with transaction.atomic():
                super().save(*args, **kwargs)
                self._keep_former_slug(former)
        self._remember_loaded()

    def get_absolute_url(self):
        return reverse("prisoners:detail", kwargs={"slug": self.slug})

    def fill_derived_fields(self) -> None:
        if self._changed_since_loaded("native_name") and names.looks_non_han(self.native_name):
            self.non_han = True
        chinese_name, latin = names.split_latin_name(self.native_name)
        if latin:
            self.native_name = chinese_name
            self.adopt_latin_name(latin)
        if self.native_name and not self.pinyin:
            self.pinyin = names.pinyin_for(self.native_name)
        self._fill_name()
        self._fill_slug()
        spellings = [self.native_name, self.pinyin, self.name, *self.alias_list]
        self.search_key = names.search_key(*spellings)
        self.province = regions.resolve(self.region, self.place)

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.split(",") if a.strip()]

    @property
    def province_name(self) -> str:
        """The province in the reader's language and script: "Xinjiang", 新疆."""
        return regions.province_name(self.province, get_language())

    @property
    def place_local(self) -> str:
        """The place in the reader's script, or its English name: 喀什, "Kashgar"."""
        return regions.place_name(self.place, get_language())

    @property
    def location_local(self) -> str:
        """Province · place for cards, profiles and emails: "Xinjiang · Kashgar"."""
        return regions.location(self.province, self.region, self.place, get_language())

    @property
    def is_held(self) -> bool:
        return self.status not in CLOSED_STATUSES

    def days_detained(self, today: datetime.date | None = None) -> int | None:
        """Days in detention, counted only where we know the person is held.

        With only a month or a year known, the count starts from the period's last day,
        so that "at least N days" is never an overstatement. A term whose end has passed
        without news counts up to that end, not to today.
        """
        if not self.is_held or self.status == Status.UNKNOWN or not self.detained_on:
            return None
        until = today or timezone.localdate()
        if self.term_passed(until):
            until = self.sentence_end
        return max((until - self.detained.last_day()).days, 0)

    def term_passed(self, today: datetime.date | None = None) -> bool:
        """A fixed term that should be over, while no release is recorded."""
        return bool(
            self.sentence == Sentence.TERM
            and self.sentence_end
            and self.sentence_ends.last_day() < (today or timezone.localdate())
            and self.is_held
        )

    @property
    def days_detained_is_minimum(self) -> bool:
        return self.detained_on_precision != Precision.DAY

    def years_since_death(self, today: datetime.date | None = None) -> int | None:
        if not self.death_date:
            return None
        return whole_years_between(self.death_date, today or timezone.localdate())

    def years_since_release(self, today: datetime.date | None = None) -> int | None:
        if self.status != Status.RELEASED:
            return None
        release = self.events.filter(kind=CaseEvent.Kind.RELEASE, is_published=True).first()
        if not release:
            return None
        return whole_years_between(release.date, today or timezone.localdate())


class FormerSlug(models.Model):
    """An address a prisoner's page had before: it redirects (301) to the current one."""

    prisoner = models.ForeignKey(
        Prisoner, on_delete=models.CASCADE, related_name="former_slugs", verbose_name=_("prisoner")
    )
    slug = models.SlugField(_("former address"), max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")

    def __str__(self):
        return self.slug


class CaseEventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def dated_since(self, day: datetime.date):
        """Events that may have happened on or after `day`, judged by the latest day
        their partial date can mean (PartialDate.last_day): "2026" may be any day of
        2026, "March 2026" any day of March."""
        return self.filter(_may_be_on_or_after(day))

    def dated_before(self, day: datetime.date):
        """The others: events that surely happened before `day`."""
        return self.exclude(_may_be_on_or_after(day))


def _may_be_on_or_after(day: datetime.date) -> Q:
    return (
        Q(date_precision=Precision.DAY, date__gte=day)
        | Q(date_precision=Precision.MONTH, date__gte=day.replace(day=1))
        | Q(date_precision=Precision.YEAR, date__gte=day.replace(month=1, day=1))
    )


class CaseEvent(models.Model):
    class Kind(models.TextChoices):
        DETENTION = "detention", _("Detention")
        ARREST = "arrest", _("Formal arrest")
        INDICTMENT = "indictment", _("Indictment")
        TRIAL = "trial", _("Trial")
        VERDICT = "verdict", _("Verdict")
        APPEAL = "appeal", _("Appeal")
        TRANSFER = "transfer", _("Transfer")
        HEALTH = "health", _("Health")
        FAMILY = "family", _("Family")
        RELEASE = "release", _("Release")
        DEATH = "death", _("Death")
        NOTE = "note", _("Note")

    prisoner = models.ForeignKey(
        Prisoner, on_delete=models.CASCADE, related_name="events", verbose_name=_("prisoner")
    )
    date = models.DateField(_("date"))
    date_precision = models.CharField(
        _("precision of date"), max_length=5, choices=Precision, default=Precision.DAY
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.NOTE)
    text = models.TextField(_("what happened"), blank=True)
    text_zh_hans, text_zh_hant = chinese_versions(text)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    text_local = Translated("text")

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["-date", "-pk"]
        indexes = [
            # The timeline on a profile, newest first.
            models.Index(name="caseevent_timeline", fields=["prisoner", "-date"]),
            # News since a moment (reminders, digests): recent events across prisoners.
            models.Index(name="caseevent_recent", fields=["created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="caseevent_says_something",
                condition=~Q(text="", text_zh_hans="", text_zh_hant=""),
            ),
        ]

    def __str__(self):
        return f"{self.when.iso()} {self.get_kind_display()}"

    @property
    def when(self) -> PartialDate:
        return PartialDate(self.date, self.date_precision)


class Source(models.Model):
    prisoner = models.ForeignKey(
        Prisoner, on_delete=models.CASCADE, related_name="sources", verbose_name=_("prisoner")
    )
    url = models.URLField(_("address"), max_length=500)
    title = models.CharField(_("title"), max_length=200, blank=True)
    title_zh_hans, title_zh_hant = chinese_versions(title)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    title_local = Translated("title")

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["prisoner", "url"], name="source_unique_per_prisoner"),
        ]

    def __str__(self):
        return self.title_local or self.url
