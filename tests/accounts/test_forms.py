"""Forms of the accounts app."""

import pytest
from django import forms

from accounts.forms import InvitationForm
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


def test_the_team_choice_writes_the_same_html_as_djangos_select():
    team = TeamFactory(name='Team "A" & <b>')
    TeamFactory(organisation=team.organisation, name="Zee")
    for data in (None, {"team": str(team.pk)}, {"team": "999"}):  # nothing chosen, one chosen, a forged id
        form = InvitationForm(data, organisation=team.organisation)
        if data:
            form.is_valid()
        ours = str(form["team"].as_widget(attrs={"class": "form-select"}))
        form.fields["team"].widget = forms.Select(choices=form.fields["team"].choices)
        assert ours == str(form["team"].as_widget(attrs={"class": "form-select"}))
    assert "Team &quot;A&quot; &amp; &lt;b&gt;" in ours and 'aria-invalid="true"' in ours


def test_the_team_choices_are_the_organisations_teams_by_name_as_a_team_writes_itself():
    zee = TeamFactory(name="Zee")
    alt = TeamFactory(organisation=zee.organisation, name="Alt")
    TeamFactory(name="Elders")
    form = InvitationForm(organisation=zee.organisation)
    assert list(form.fields["team"].choices) == [
        ("", "Geen team (of later kiezen)"),
        (alt.pk, str(alt)),
        (zee.pk, str(zee)),
    ]
