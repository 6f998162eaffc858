"""Every view reaches personal data only through the selectors (and services), never by itself.

Who may see what is written once, in `accounts.selectors`, `assessments.selectors`,
`teams.selectors` and the querysets they build on (`Team.objects.managed_by`). This test reads
the source of every view the URLconf routes to and refuses a view that queries a personal model
directly (`Assessment.objects…`, `get_object_or_404(Team, …)`): such a view would be writing an
access rule of its own. Reading the catalog (public) is fine, and so is following a relation of
an object the view already got through a selector (`assessment.goals`, `team.norm_profiles`).

A view that must do otherwise is listed in EXCEPTIONS with the reason.
"""

import ast
import inspect
import textwrap

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

# Models whose rows belong to people: only selectors and services query them.
PERSONAL_APPS = {"accounts", "assessments", "axes", "functie", "feedback"}

# (module, function): why it may query a personal model itself.
EXCEPTIONS: dict[tuple[str, str], str] = {}


def _views():
    """Every view function of our own apps that a URL routes to."""

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                view = pattern.callback
                view = getattr(view, "view_class", None) or view
                while hasattr(view, "__wrapped__"):
                    view = view.__wrapped__
                module = getattr(view, "__module__", "")
                if module.split(".")[0] in {
                    "accounts",
                    "assessments",
                    "catalog",
                    "teams",
                    "profiel",
                    "functie",
                    "feedback",
                }:
                    yield view

    return {(view.__module__, view.__qualname__): view for view in walk(get_resolver().url_patterns)}


def _personal_models() -> set[str]:
    return {model.__name__ for model in apps.get_models() if model._meta.app_label in PERSONAL_APPS}


def _helpers_called(function) -> list:
    """The functions of view modules (its own or another's) that `function` calls by name."""
    module = inspect.getmodule(function)
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    called = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            candidate = getattr(module, node.func.id, None)
            if inspect.isfunction(candidate) and candidate.__module__.endswith("views"):
                called.append(candidate)
    return called


def _direct_queries(function, personal: set[str]) -> list[str]:
    """`Model.objects…` and `get_object_or_404(Model, …)` on a personal model, in the source."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager", "through"}:
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name) and base.id in personal:
                found.append(f"{base.id}.{node.attr}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"get_object_or_404", "get_list_or_404"}
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in personal
        ):
            found.append(f"{node.func.id}({node.args[0].id})")
    return found


def _sources(view) -> list:
    """The view itself (or the methods of a class-based view) and every view-module helper it
    calls, however deep."""
    if inspect.isclass(view):
        todo = [member for member in vars(view).values() if inspect.isfunction(member)]
    else:
        todo = [view]
    seen = []
    while todo:
        function = todo.pop()
        if function not in seen:
            seen.append(function)
            todo += _helpers_called(function)
    return seen


def test_it_finds_the_views_of_every_app():
    modules = {module for module, _name in _views()}
    assert {"accounts.views", "assessments.views", "assessments.manager_views", "catalog.views"} <= modules
    assert {"teams.views", "teams.norm_views"} <= modules
    assert len(_views()) >= 55


def test_no_view_queries_a_personal_model_itself():
    personal = _personal_models()
    offenders = {}
    for key, view in _views().items():
        if key in EXCEPTIONS:
            continue
        found = sorted({query for function in _sources(view) for query in _direct_queries(function, personal)})
        if found:
            offenders[".".join(key)] = found
    assert offenders == {}, "go through a selector (or list the view in EXCEPTIONS with a reason)"


def test_it_would_notice_a_view_that_writes_its_own_rule():
    def sneaky_view(request, pk):
        from assessments.models import Assessment

        return Assessment.objects.get(pk=pk)

    def sneaky_lookup(request, pk):
        from django.shortcuts import get_object_or_404

        from accounts.models import Team

        return get_object_or_404(Team, pk=pk)

    personal = _personal_models()
    assert _direct_queries(sneaky_view, personal) == ["Assessment.objects"]
    assert _direct_queries(sneaky_lookup, personal) == ["get_object_or_404(Team)"]


def test_every_exception_still_names_a_view():
    assert set(EXCEPTIONS) <= set(_views())
