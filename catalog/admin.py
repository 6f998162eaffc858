from django.contrib import admin
from django.utils import timezone

from .models import (
    ContextOption,
    ContextVariable,
    ExampleProfile,
    Framework,
    FrameworkVersion,
    Item,
    ItemKind,
    ItemLink,
    ScaleLevel,
)


class ReadOnlyMixin:
    """Framework text is loaded from fixtures and never edited by hand: changed text is a new version."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnlyMixin, admin.TabularInline):
    model = FrameworkVersion
    fields = ("label", "published_at", "loaded_at")
    readonly_fields = ("label", "loaded_at")
    extra = 0
    show_change_link = True


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "publisher")
    search_fields = ("name", "code")
    inlines = [VersionInline]


class ScaleLevelInline(ReadOnlyMixin, admin.TabularInline):
    model = ScaleLevel
    extra = 0


class ItemKindInline(ReadOnlyMixin, admin.TabularInline):
    model = ItemKind
    extra = 0


@admin.action(description="Publiceren (nieuwe zelfscans starten op deze versie)")
def publish(modeladmin, request, queryset):
    queryset.filter(published_at__isnull=True).update(published_at=timezone.now())


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ("framework", "label", "published_at", "loaded_at")
    list_filter = ("framework",)
    fields = ("framework", "label", "source", "published_at", "content_hash", "loaded_at")
    readonly_fields = ("framework", "label", "source", "content_hash", "loaded_at")
    actions = [publish]

    def has_add_permission(self, request):
        return False  # versions come from `manage.py load_framework`

    inlines = [ItemKindInline, ScaleLevelInline]


@admin.register(Item)
class ItemAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("code", "title", "kind", "rateable", "version")
    list_filter = ("version", "rateable", "kind__code")
    search_fields = ("code", "title", "description")
    list_select_related = ("kind", "version__framework")
    ordering = ("version", "position")


class ContextOptionInline(ReadOnlyMixin, admin.TabularInline):
    model = ContextOption
    extra = 0


@admin.register(ContextVariable)
class ContextVariableAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("name", "code", "version")
    list_filter = ("version",)
    inlines = [ContextOptionInline]


@admin.register(ItemLink)
class ItemLinkAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("origin", "link_type", "destination", "version")
    list_filter = ("version", "link_type")
    list_select_related = ("origin", "destination", "version__framework")


@admin.register(ExampleProfile)
class ExampleProfileAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("name", "code", "version")
    list_filter = ("version",)
