from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from .case import export_json
from .models import ContextOption, Framework, FrameworkVersion
from .tree import build_tree, rateable_summary


def _get_version_for_user(user, framework_code: str, label: str) -> FrameworkVersion:
    """A published version for everyone; a draft only for staff. Anything else is a 404."""
    versions = FrameworkVersion.objects.select_related("framework")
    if not user.is_staff:
        versions = versions.published()
    return get_object_or_404(versions, framework__code=framework_code, label=label)


def framework_list(request):
    frameworks = Framework.objects.prefetch_related(
        Prefetch("versions", queryset=FrameworkVersion.objects.published(), to_attr="published_versions")
    )
    frameworks = [framework for framework in frameworks if framework.published_versions]
    return render(request, "catalog/framework_list.html", {"frameworks": frameworks})


def framework_current(request, framework_code: str):
    framework = get_object_or_404(Framework, code=framework_code)
    version = framework.current_version()
    if version is None:
        raise Http404("This framework has no published version.")
    return redirect("catalog:version", framework_code=framework.code, label=version.label)


def version_detail(request, framework_code: str, label: str):
    version = _get_version_for_user(request.user, framework_code, label)
    items = list(version.items.select_related("kind"))
    linked = {}
    for link in version.links.select_related("destination"):
        linked.setdefault(link.origin_id, []).append(link.destination)
    for item in items:
        item.linked = linked.get(item.pk, [])
    variables = version.context_variables.prefetch_related(
        Prefetch("options", queryset=ContextOption.objects.order_by("position"))
    )
    kinds = list(version.kinds.all())
    context = {
        "version": version,
        "framework": version.framework,
        "tree": build_tree(items),
        "summaries": rateable_summary(kinds, items),
        "scale_levels": list(version.scale_levels.all()),
        "context_variables": list(variables),
        "example_profiles": list(version.example_profiles.prefetch_related("items")),
    }
    return render(request, "catalog/version_detail.html", context)


def version_case(request, framework_code: str, label: str):
    """The version as a CASE 1.1 package (JSON), to load into another system."""
    version = _get_version_for_user(request.user, framework_code, label)
    response = HttpResponse(export_json(version), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{version.framework.code}-{version.label}.case.json"'
    return response
