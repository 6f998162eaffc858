from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import Invitation, Organisation, OrganisationMembership, Team, TeamMembership, User


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = ("email", "name")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    ordering = ("email",)
    list_display = ("email", "name", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active")
    search_fields = ("email", "name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Persoonlijk"), {"fields": ("name",)}),
        (_("Rechten"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Data"), {"fields": ("email_verified_at", "last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),)


class OrganisationMembershipInline(admin.TabularInline):
    model = OrganisationMembership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ("user", "is_admin", "created_at")
    readonly_fields = ("created_at",)


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0
    fields = ("name",)
    show_change_link = True


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "created_at", "member_count")
    search_fields = ("name",)
    inlines = [OrganisationMembershipInline, TeamInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("memberships"))

    @admin.display(description=_("Mensen"), ordering="member_total")
    def member_count(self, obj):
        return obj.member_total


@admin.register(OrganisationMembership)
class OrganisationMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "is_admin", "created_at")
    list_filter = ("is_admin",)
    list_select_related = ("user", "organisation")
    search_fields = ("user__email", "user__name", "organisation__name")
    autocomplete_fields = ["user", "organisation"]


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ("user", "role", "created_at")
    readonly_fields = ("created_at",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation")
    list_select_related = ("organisation",)
    search_fields = ("name", "organisation__name")
    autocomplete_fields = ["organisation"]
    inlines = [TeamMembershipInline]


@admin.register(TeamMembership)
class TeamMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "team", "organisation", "role")
    list_filter = ("role",)
    list_select_related = ("user", "team__organisation")
    search_fields = ("user__email", "user__name", "team__name", "team__organisation__name")
    autocomplete_fields = ["user", "team"]

    @admin.display(description=_("Organisatie"), ordering="team__organisation__name")
    def organisation(self, obj):
        return obj.team.organisation


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organisation", "team", "role", "created_at", "expires_at", "accepted_at")
    list_filter = ("role",)
    list_select_related = ("organisation", "team")
    search_fields = ("email", "organisation__name")
    autocomplete_fields = ["organisation", "team"]
    readonly_fields = ("token", "invited_by", "created_at", "accepted_at", "accepted_by")
    fields = (
        "organisation",
        "team",
        "email",
        "role",
        "expires_at",
        "token",
        "invited_by",
        "created_at",
        "accepted_at",
        "accepted_by",
    )
