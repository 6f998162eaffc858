from django.contrib import admin

from .models import Assessment


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("owner", "version", "status", "updated_at")
    list_filter = ("status", "version")
    search_fields = ("owner__email", "owner__name")
    list_select_related = ("owner", "version__framework")
    raw_id_fields = ("owner",)
