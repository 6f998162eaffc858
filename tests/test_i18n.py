"""The interface in English: Dutch is the source, English its translation; the framework text stays Dutch."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

# The assessment fixtures live beside the assessment tests; this file sits above them.
from tests.assessments.conftest import assessment, coordinator, rate  # noqa: F401
from tests.assessments.test_pdf import pdf_text

LOCALE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
FRAMEWORK_TITLE = "Bewustwording creëren"  # item 9.1.1, data from the framework: never translated


def page(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


# --- English pages ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_home_page_speaks_english_when_the_browser_asks_for_it(client):
    html = page(client, reverse("home"), **ENGLISH)
    assert '<html lang="en">' in html
    assert "Where do you stand as a volunteer coordinator?" in html
    assert "View the profile" in html
    assert "Waar sta je als coördinator vrijwilligerswerk?" not in html


@pytest.mark.django_db
def test_dutch_stays_the_default(client):
    html = page(client, reverse("home"))
    assert '<html lang="nl">' in html
    assert "Waar sta je als coördinator vrijwilligerswerk?" in html
    assert "Where do you stand" not in html


@pytest.mark.django_db
def test_the_login_page_speaks_english(client):
    html = page(client, reverse("accounts:login"), **ENGLISH)
    assert '<html lang="en">' in html
    assert "Email address" in html
    assert "Forgotten your password?" in html
    assert "No account yet?" in html
    assert "Wachtwoord vergeten?" not in html


def test_an_assessment_page_speaks_english_around_the_dutch_framework(client, assessment):  # noqa: F811 (the fixture)
    client.force_login(assessment.owner)
    html = page(client, reverse("assessments:section", args=[assessment.pk, "9.1"]), **ENGLISH)
    assert '<html lang="en">' in html
    for english in ("Choice model", "Tick what fits your work.", "Where are you now?", "Share and finalise"):
        assert english in html
    for dutch in ("Vink aan wat bij jouw werk past.", "Waar sta je nu?", "Delen en afronden"):
        assert dutch not in html
    # The framework is data, not interface: its titles stay as the profile wrote them. The scale is
    # ours, not the profile's (it says so), so its level names are interface text, in English here.
    assert FRAMEWORK_TITLE in html
    assert "Vrijwilligers begeleiden" in html
    assert "Beginner" in html and "Role model" in html
    assert "Beginnend" not in html
    assert "This scale is Profielwijzer's own" in html


@pytest.mark.slow
def test_the_pdf_is_english_too_and_so_is_its_file_name(client, assessment):  # noqa: F811 (the fixture)
    rate(assessment, "9.1.1", 2, 3, note="Onze folder is verouderd.")
    client.force_login(assessment.owner)
    response = client.get(reverse("assessments:pdf", args=[assessment.pk]), **ENGLISH)
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="development-profile-sanne-de-vries-')
    assert disposition.endswith('-draft.pdf"')
    text, _ = pdf_text(response.content)
    for english in ("Personal development profile", "DRAFT", "My situation", "Priorities", "page 2 of"):
        assert english in text, english
    assert "Persoonlijk ontwikkelingsprofiel" not in text
    # What the coordinator typed and what the framework says stay as they were written.
    assert FRAMEWORK_TITLE in text
    assert "Onze folder is verouderd." in text


# --- The language switcher ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_language_switcher_switches_to_english_and_back(client):
    home = reverse("home")
    assert 'action="/i18n/setlang/"' in page(client, home)

    response = client.post(reverse("set_language"), {"language": "en", "next": home})
    assert response.status_code == 302
    assert response.headers["Location"] == home
    html = page(client, home)
    assert '<html lang="en">' in html
    assert "Where do you stand as a volunteer coordinator?" in html
    assert '<option value="en" lang="en" selected>' in html

    client.post(reverse("set_language"), {"language": "nl", "next": home})
    # The choice is remembered, even over a browser that prefers English.
    html = page(client, home, **ENGLISH)
    assert '<html lang="nl">' in html
    assert "Waar sta je als coördinator vrijwilligerswerk?" in html
    assert '<option value="nl" lang="nl" selected>' in html


@pytest.mark.django_db
def test_the_language_switcher_ignores_a_language_we_do_not_offer(client):
    client.post(reverse("set_language"), {"language": "de", "next": reverse("home")})
    assert '<html lang="nl">' in page(client, reverse("home"))


# --- The catalog is complete --------------------------------------------------------------------


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file: flags, msgctxt, msgid, msgid_plural, msgstr or msgstr[n] (the header skipped)."""
    entries, entry, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry is not None and entry.get("msgid"):
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry if entry is not None else {"flags": set(), "msgctxt": None, "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?) (\".*\")$", line):
            keyword, index, text = match.groups()
            key = ("msgstr", int(index or 0)) if keyword.startswith("msgstr") else keyword
            value = unquote(text)
            if isinstance(key, tuple):
                entry["msgstr"][key[1]] = value
            else:
                entry[key] = value
        else:  # a continuation line of the keyword above
            if isinstance(key, tuple):
                entry["msgstr"][key[1]] += unquote(line)
            else:
                entry[key] += unquote(line)
    return entries


def unquote(text: str) -> str:
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes[m.group(1)], text[1:-1])


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.fixture(scope="module")
def po_entries():
    return read_po(LOCALE / "django.po")


def test_every_interface_text_has_an_english_translation(po_entries):
    assert len(po_entries) > 500
    empty = [entry["msgid"] for entry in po_entries if not all(entry["msgstr"].values())]
    fuzzy = [entry["msgid"] for entry in po_entries if "fuzzy" in entry["flags"]]
    assert (empty, fuzzy) == ([], [])
    header = (LOCALE / "django.po").read_text(encoding="utf-8").split("\n\n")[0]
    assert "fuzzy" not in header


def test_translations_keep_every_placeholder_and_plural_form(po_entries):
    for entry in po_entries:
        if "msgid_plural" in entry:
            assert sorted(entry["msgstr"]) == [0, 1], entry["msgid"]
            allowed = set(PLACEHOLDER.findall(entry["msgid"] + entry["msgid_plural"]))
            assert set(PLACEHOLDER.findall(entry["msgstr"][1])) == set(PLACEHOLDER.findall(entry["msgid_plural"]))
            assert set(PLACEHOLDER.findall(entry["msgstr"][0])) <= allowed, entry["msgid"]
        else:
            assert set(PLACEHOLDER.findall(entry["msgstr"][0])) == set(PLACEHOLDER.findall(entry["msgid"])), entry
        if "python-format" in entry["flags"]:
            for text in entry["msgstr"].values():
                assert text.count("%%") == entry["msgid"].count("%%"), entry["msgid"]


def test_the_committed_mo_file_matches_the_po_file(po_entries):
    """The app runs from the compiled .mo without gettext installed, so it must not lag behind the .po."""
    with open(LOCALE / "django.mo", "rb") as mo:
        catalog = gettext.GNUTranslations(mo)
    assert catalog.info()["language"] == "en"
    for entry in po_entries:
        context, msgid, msgstr = entry["msgctxt"], entry["msgid"], entry["msgstr"]
        if "msgid_plural" in entry:
            plural = entry["msgid_plural"]
            if context:
                assert catalog.npgettext(context, msgid, plural, 1) == msgstr[0]
                assert catalog.npgettext(context, msgid, plural, 2) == msgstr[1]
            else:
                assert catalog.ngettext(msgid, plural, 1) == msgstr[0], msgid
                assert catalog.ngettext(msgid, plural, 2) == msgstr[1], msgid
        elif context:
            assert catalog.pgettext(context, msgid) == msgstr[0], msgid
        else:
            assert catalog.gettext(msgid) == msgstr[0], msgid


@pytest.mark.django_db
def test_it_remembers_the_chosen_language_on_the_account_for_its_mails(client):
    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    user.refresh_from_db()
    assert user.language == "en"
    client.post(reverse("set_language"), {"language": "de", "next": reverse("home")})
    user.refresh_from_db()
    assert user.language == "en"


def test_a_mail_is_written_in_the_receivers_language(mailoutbox):
    from profiel import mail

    mail.send(
        template="accounts/email/signup_taken", context={"login_url": "https://x/"}, to="a@example.org", language="en"
    )
    mail.send(
        template="accounts/email/signup_taken", context={"login_url": "https://x/"}, to="b@example.org", language="nl"
    )
    english, dutch = mailoutbox
    assert english.subject != dutch.subject
    assert english.to == ["a@example.org"]


# --- One word for each thing --------------------------------------------------------------------


@pytest.mark.django_db
def test_it_says_inloggen_and_account_maken_everywhere_never_djangos_aanmelden(client):
    signup = page(client, reverse("accounts:signup"))
    assert ">Inloggen</a>" in signup  # the menu and the link under the form
    assert ">Account maken<" in signup
    assert "Aanmelden" not in signup
    login = page(client, reverse("accounts:login"))
    assert "Maak een account" in login and "Aanmelden" not in login
    admin_login = page(client, reverse("admin:login"))  # Django's own Dutch, overridden in locale/nl
    assert 'value="Inloggen"' in admin_login
    assert "Aanmelden" not in admin_login


def test_the_dutch_overrides_of_django_are_compiled():
    catalogue = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.mo"
    with catalogue.open("rb") as handle:
        dutch = gettext.GNUTranslations(handle).gettext  # not a call makemessages should collect
    assert dutch("Log in") == "Inloggen"
    assert dutch("Log out") == "Uitloggen"


def test_the_parts_of_the_profile_are_onderdelen_and_delen_is_only_sharing(client, assessment):  # noqa: F811
    client.force_login(assessment.owner)
    html = page(client, reverse("assessments:section", args=[assessment.pk, "9.1"]))
    assert "Onderdelen <span" in html
    assert re.search(r">\s*Delen\b(?! en afronden)", html) is None
    assert "Het profiel zelf geeft geen niveaus." in html
