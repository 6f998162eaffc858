from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def assessment_list(request):
    assessments = request.user.assessments.select_related("version__framework")
    return render(request, "assessments/assessment_list.html", {"assessments": assessments})
