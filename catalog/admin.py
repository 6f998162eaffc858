from django.contrib import admin

from .models import ContextOption, ContextVariable, Framework, FrameworkVersion, Item, ItemKind, ScaleLevel


class VersionInline(admin.TabularInline):
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


class ScaleLevelInline(admin.TabularInline):
    model = ScaleLevel
    extra = 0


class ItemKindInline(admin.TabularInline):
    model = ItemKind
    extra = 0


@admin.action(description="Publiceren (nieuwe zelfscans starten op deze versie)")
def publish(modeladmin, request, queryset):
    from django.utils import timezone

    queryset.filter(published_at__isnull=True).update(published_at=timezone.now())


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ("framework", "label", "published_at", "loaded_at")
    list_filter = ("framework",)
    readonly_fields = ("content_hash", "loaded_at")
    actions = [publish]
    inlines = [ItemKindInline, ScaleLevelInline]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    """Items are loaded from fixtures; the admin shows them and lets a typo be searched, not rewritten."""

    list_display = ("code", "title", "kind", "rateable", "version")
    list_filter = ("version", "rateable", "kind__code")
    search_fields = ("code", "title", "description")
    list_select_related = ("kind", "version__framework")
    ordering = ("version", "position")
    readonly_fields = ("version", "parent", "kind", "code", "position")


class ContextOptionInline(admin.TabularInline):
    model = ContextOption
    extra = 0


@admin.register(ContextVariable)
class ContextVariableAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "version")
    list_filter = ("version",)
    inlines = [ContextOptionInline]
