from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from .importing import MAX_UPLOAD_BYTES, UploadLimit, dry_run, read_upload, too_large_message
from .loading import FrameworkFileError, load_framework
from .models import (
    ContextOption,
    ContextVariable,
    ExampleProfile,
    Framework,
    FrameworkImport,
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


@admin.action(description=gettext_lazy("Publiceren (nieuwe zelfscans starten op deze versie)"))
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
        return False  # versions come from a file: `manage.py load_framework` or the import below

    inlines = [ItemKindInline, ScaleLevelInline]
    change_list_template = "admin/catalog/frameworkversion/change_list.html"

    # Import with a dry run: upload, see what changes, then publish or discard --------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(csrf_exempt(self.import_upload)), name="catalog_frameworkversion_import"),
            path("import/<int:pk>/", view(self.import_preview), name="catalog_frameworkversion_import_preview"),
            *super().get_urls(),
        ]

    def _check_import_permission(self, request):
        if not request.user.has_perm("catalog.add_frameworkimport"):
            raise PermissionDenied

    def import_upload(self, request):
        # The size is checked before the upload is read: the handler goes in before the body is
        # parsed, which is why this view is csrf-exempt and protects itself right after.
        if request.method == "POST":
            request.upload_handlers.insert(0, UploadLimit(request))
        return csrf_protect(self._import_upload)(request)

    def _import_upload(self, request):
        self._check_import_permission(request)
        form = ImportForm(request.POST or None, request.FILES or None)
        problems = []
        if request.method == "POST":
            if getattr(request, "upload_too_large", False):
                problems = [too_large_message(getattr(request, "upload_size", MAX_UPLOAD_BYTES))]
            elif form.is_valid():
                upload = form.cleaned_data["file"]
                if upload.size > MAX_UPLOAD_BYTES:
                    problems = [too_large_message(upload.size)]
                else:
                    raw = upload.read()
                    try:
                        data = read_upload(upload.name, raw)
                        dry_run(data)
                    except FrameworkFileError as error:
                        problems = error.problems
                    else:
                        pending = FrameworkImport.objects.create(
                            filename=upload.name, content=raw.decode("utf-8"), uploaded_by=request.user
                        )
                        return redirect("admin:catalog_frameworkversion_import_preview", pk=pending.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Een raamwerk importeren"),
            "form": form,
            "problems": problems,
            "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
        }
        return TemplateResponse(request, "admin/catalog/import_upload.html", context, status=400 if problems else 200)

    def import_preview(self, request, pk: int):
        self._check_import_permission(request)
        pending = get_object_or_404(FrameworkImport, pk=pk, uploaded_by=request.user)
        try:
            data = read_upload(pending.filename, pending.content.encode("utf-8"))
            result = dry_run(data)
        except FrameworkFileError as error:  # something changed since the upload (a label now taken)
            pending.delete()
            for problem in error.problems:
                messages.error(request, problem)
            return redirect("admin:catalog_frameworkversion_import")
        if request.method == "POST":
            if "publish" in request.POST:
                try:
                    version = load_framework(data, publish=True).version
                except FrameworkFileError as error:
                    messages.error(request, str(error))
                    return redirect("admin:catalog_frameworkversion_import")
                pending.delete()
                messages.success(
                    request,
                    _("%(name)s %(label)s is gepubliceerd. Nieuwe zelfscans starten op deze versie.")
                    % {"name": version.framework.name, "label": version.label},
                )
                return redirect(reverse("admin:catalog_frameworkversion_change", args=[version.pk]))
            pending.delete()
            messages.info(request, _("De import is weggegooid. Er is niets veranderd."))
            return redirect("admin:catalog_frameworkversion_changelist")
        labels = {
            "title": _("titel"),
            "description": _("beschrijving"),
            "kind": _("soort onderdeel"),
            "parent": _("hoort bij"),
            "rateable": _("aan te vinken en te scoren"),
        }
        rows = [
            (change.code, labels[name], before, after)
            for change in result.changed
            for name, before, after in change.fields
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Wat verandert er?"),
            "pending": pending,
            "result": result,
            "rows": rows,
        }
        return TemplateResponse(request, "admin/catalog/import_preview.html", context)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bestand"),
        help_text=gettext_lazy("Een raamwerk als YAML (zoals in fixtures/) of als CASE 1.1-pakket (JSON)."),
    )


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


@admin.register(FrameworkImport)
class FrameworkImportAdmin(admin.ModelAdmin):
    """Uploads waiting for publish or discard; an abandoned one can be deleted here."""

    list_display = ("filename", "uploaded_by", "uploaded_at", "preview")
    fields = ("filename", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("bekijken"))
    def preview(self, obj):
        url = reverse("admin:catalog_frameworkversion_import_preview", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Wat verandert er?"))
