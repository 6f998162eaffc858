"""The catalog: frameworks, their versions, and each version's tree of items.

Nothing here knows the Competentieprofiel in particular. A version brings its own item
kinds, rating scale and context variables, so a second framework (Movisie's Bouwstenen,
say) is data, not a schema change. Published versions are never rewritten: changed
text means a new version (see `catalog.loading`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Framework(models.Model):
    code = models.SlugField(_("code"), max_length=100, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    publisher = models.CharField(_("uitgever"), max_length=200, blank=True)
    description = models.TextField(_("beschrijving"), blank=True)

    class Meta:
        verbose_name = _("raamwerk")
        verbose_name_plural = _("raamwerken")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def current_version(self) -> "FrameworkVersion | None":
        """The newest published version: the one new assessments start on."""
        return self.versions.filter(published_at__isnull=False).order_by("-published_at", "-id").first()


class FrameworkVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


class FrameworkVersion(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    label = models.CharField(_("versie"), max_length=50)
    source = models.CharField(_("bron"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    content_hash = models.CharField(
        _("inhoudshash"),
        max_length=64,
        help_text=_("SHA-256 van de geladen inhoud; zo ziet het laden of de tekst veranderd is."),
    )
    loaded_at = models.DateTimeField(_("geladen op"), auto_now_add=True)

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("versie")
        verbose_name_plural = _("versies")
        ordering = ["framework__name", "-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "label"], name="catalog_version_label_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.framework.name} {self.label}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ItemKind(models.Model):
    """A kind of item within one version: taakgebied, competentie, basisfunctie, …"""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="kinds")
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("naam"), max_length=100)
    name_plural = models.CharField(_("meervoud"), max_length=100)
    position = models.PositiveIntegerField(_("volgorde"))

    class Meta:
        verbose_name = _("soort onderdeel")
        verbose_name_plural = _("soorten onderdelen")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="catalog_kind_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """One node of a version's tree, identified by its stable code (`9.1.3`, `10.4`)."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    kind = models.ForeignKey(ItemKind, on_delete=models.PROTECT, related_name="items")
    code = models.CharField(_("code"), max_length=30)
    title = models.TextField(_("titel"))
    description = models.TextField(_("beschrijving"), blank=True)
    position = models.PositiveIntegerField(_("volgorde"), help_text=_("Volgorde in het document, over de hele versie."))
    rateable = models.BooleanField(
        _("aan te vinken en te scoren"),
        default=False,
        help_text=_("Kan in het keuzemodel aangevinkt en op de schaal gescoord worden."),
    )

    class Meta:
        verbose_name = _("onderdeel")
        verbose_name_plural = _("onderdelen")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="catalog_item_code_unique"),
            models.UniqueConstraint(fields=["version", "position"], name="catalog_item_position_unique"),
            models.CheckConstraint(condition=~Q(code=""), name="catalog_item_code_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ScaleLevel(models.Model):
    """One level of a version's rating scale. Not applicable is not a level: it is an unticked item."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="scale_levels")
    value = models.PositiveSmallIntegerField(_("waarde"))
    label = models.CharField(_("naam"), max_length=100)
    description = models.TextField(_("beschrijving"), blank=True)

    class Meta:
        verbose_name = _("niveau")
        verbose_name_plural = _("niveaus")
        ordering = ["version", "value"]
        constraints = [
            models.UniqueConstraint(fields=["version", "value"], name="catalog_scale_value_unique"),
            models.CheckConstraint(condition=Q(value__gte=1), name="catalog_scale_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.label}"

    @property
    def name(self) -> str:
        """The label in the reader's language: our scales are interface text (see scale_names)."""
        return gettext(self.label)

    @property
    def explanation(self) -> str:
        return gettext(self.description) if self.description else ""


class ContextVariable(models.Model):
    """A question about the coordinator's situation (Inbedding, Beloning, …), multiple choice."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="context_variables")
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("naam"), max_length=100)
    description = models.TextField(_("beschrijving"), blank=True)
    position = models.PositiveIntegerField(_("volgorde"))

    class Meta:
        verbose_name = _("contextvariabele")
        verbose_name_plural = _("contextvariabelen")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="catalog_context_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def option_rows(self) -> list[list["ContextOption"]]:
        """The options in their rows, as the profile prints them (Context has two); uses the
        prefetched `options` when there are."""
        return option_rows(self.options.all())


class ContextOption(models.Model):
    """One tick box of a context variable. `row` groups the boxes as the document prints them
    (the profile prints Context's seven boxes in two rows, the other variables in one); it never
    changes what an option means, so answers stay valid when rows are added."""

    variable = models.ForeignKey(ContextVariable, on_delete=models.CASCADE, related_name="options")
    code = models.SlugField(_("code"), max_length=50)
    label = models.CharField(_("naam"), max_length=100)
    position = models.PositiveIntegerField(_("volgorde"))
    row = models.PositiveSmallIntegerField(
        _("rij"), default=1, help_text=_("De rij waarin het raamwerk deze keuze toont: 1, 2, …")
    )

    class Meta:
        verbose_name = _("keuzemogelijkheid")
        verbose_name_plural = _("keuzemogelijkheden")
        ordering = ["variable", "position"]
        constraints = [
            models.UniqueConstraint(fields=["variable", "code"], name="catalog_context_option_code_unique"),
            models.CheckConstraint(condition=Q(row__gte=1), name="catalog_context_option_row_from_one"),
        ]

    def __str__(self) -> str:
        return self.label


def option_rows(options) -> list[list[ContextOption]]:
    """`options` (of one variable) grouped by row, rows in ascending order, each in list order."""
    rows: dict[int, list[ContextOption]] = {}
    for option in options:
        rows.setdefault(option.row, []).append(option)
    return [rows[number] for number in sorted(rows)]


class ItemLink(models.Model):
    """A relation between two items of one version beside the tree: a kernopgave that asks for a
    competentie, say. The types are CASE 1.1's association types (isChildOf is the tree itself)."""

    TYPES = [
        ("isRelatedTo", "isRelatedTo"),
        ("isPeerOf", "isPeerOf"),
        ("isPartOf", "isPartOf"),
        ("exactMatchOf", "exactMatchOf"),
        ("precedes", "precedes"),
        ("exemplar", "exemplar"),
        ("hasSkillLevel", "hasSkillLevel"),
        ("replacedBy", "replacedBy"),
    ]

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="links")
    origin = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="links_out")
    destination = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="links_in")
    link_type = models.CharField(_("soort verband"), max_length=30, choices=TYPES, default="isRelatedTo")
    position = models.PositiveIntegerField(_("volgorde"))

    class Meta:
        verbose_name = _("verband")
        verbose_name_plural = _("verbanden")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["origin", "destination", "link_type"], name="catalog_link_unique"),
            models.CheckConstraint(condition=~Q(origin=models.F("destination")), name="catalog_link_not_to_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.origin.code} {self.link_type} {self.destination.code}"


class ExampleProfile(models.Model):
    """A ready-made selection of items that a framework itself offers (the Bouwstenen's makelaar,
    bemiddelaar, coördinator). A team turns one into its own functieprofiel by adding levels."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="example_profiles")
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)
    position = models.PositiveIntegerField(_("volgorde"))
    items = models.ManyToManyField(Item, related_name="example_profiles", verbose_name=_("onderdelen"))

    class Meta:
        verbose_name = _("voorbeeldprofiel")
        verbose_name_plural = _("voorbeeldprofielen")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="catalog_example_profile_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class FrameworkImport(models.Model):
    """An uploaded framework file that passed every check and waits for a platform admin to
    publish it as a new version or to discard it. Nothing else is written before that."""

    filename = models.CharField(_("bestandsnaam"), max_length=255)
    content = models.TextField(_("inhoud"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("geüpload door")
    )
    uploaded_at = models.DateTimeField(_("geüpload op"), auto_now_add=True)

    class Meta:
        verbose_name = _("import van een raamwerk")
        verbose_name_plural = _("imports van raamwerken")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.filename
