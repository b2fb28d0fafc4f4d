"""The policy page for the reference declaration: every tracker, every required item (P1–P13)."""

from __future__ import annotations

from collections import Counter

import pytest

from consentry.declaration import Declaration
from consentry.policy import render_policy
from tests.factories import make_declaration
from tests.html_checks import Element, by_id, check_page, text_of

LANGS = ["fr", "en"]

# Where each item of requirements.md §12 lives on the page (the ids are documented in
# docs/policy.md; the banner links #partners and #trackers).
REQUIRED_ITEMS = {
    "P1": "controller",
    "P2": "purposes",
    "P3": "trackers",
    "P4": "legal-bases",
    "P5": "partners",
    "P6": "transfers",
    "P7": "retention",
    "P8": "manage-consent",
    "P9": "audience-measurement",
    "P10": "rights",
    "P11": "gpc",
    "P12": "scope",
    "P13": "version",
}
SEED_SECTIONS = [
    "introduction",
    "what-is-a-cookie",
    "who-sets-cookies",
    "purposes",
    "manage-consent",
    "browser-settings",
    "exempt",
    "retention",
    "tools",
    "rights",
    "changes",
]


def page(declaration: Declaration, lang: str) -> Element:
    return check_page(render_policy(declaration, lang, "html"))


def tracker_rows(root: Element) -> list[list[str]]:
    """The per-tracker table as lists of cell texts (the name first)."""
    body = by_id(root, "tracker-table").find("tbody")
    assert body is not None
    return [[text_of(cell) for cell in row] for row in body.findall("tr")]


@pytest.mark.parametrize("lang", LANGS)
def test_lists_every_cookie_of_every_declared_service_once(
    reference: Declaration, lang: str
) -> None:
    rows = tracker_rows(page(reference, lang))
    declared = Counter((s.name, c.name) for s in reference.services for c in s.cookies)
    assert sum(declared.values()) >= 30
    for (service, cookie), count in declared.items():
        matching = [row for row in rows if row[0] == cookie and row[1].startswith(service)]
        assert len(matching) == count, f"{service} {cookie}: {len(matching)} rows"
    consent_rows = [row for row in rows if row[0] == reference.banner.cookie_name]
    assert len(consent_rows) == 1, "the consent cookie is a tracker too (gap 2 of §17)"
    assert len(rows) == sum(declared.values()) + 1
    for row in rows:
        assert len(row) == 7 and all(row), f"empty column in {row}"


@pytest.mark.parametrize("lang", LANGS)
def test_has_every_required_item_and_the_seed_sections(reference: Declaration, lang: str) -> None:
    root = page(reference, lang)
    for item, element_id in REQUIRED_ITEMS.items():
        assert text_of(by_id(root, element_id)), f"{item} (#{element_id}) is empty"
    headings = [text_of(by_id(root, i).find("h2")) for i in SEED_SECTIONS]  # type: ignore[arg-type]
    assert [h.split(".")[0] for h in headings] == [str(n) for n in range(1, 12)]
    assert root.get("lang") == lang


@pytest.mark.parametrize(
    ("lang", "date", "manage", "optout"),
    [
        (
            "fr",
            "1er octobre 2025",
            "Gérer mes cookies",
            "M’opposer à la mesure d’audience (Matomo)",
        ),
        ("en", "1 October 2025", "Manage my cookies", "Opt out of audience measurement (Matomo)"),
    ],
)
def test_shows_version_date_and_working_controls(
    reference: Declaration, lang: str, date: str, manage: str, optout: str
) -> None:
    root = page(reference, lang)
    version = text_of(by_id(root, "version"))
    assert reference.policy_version in version
    assert date in version
    assert root.find(".//time[@datetime='2025-10-01']") is not None

    openers = root.findall(".//button[@data-consentry-open]")
    assert openers and all(b.get("type") == "button" for b in openers)
    assert {text_of(b) for b in openers} == {manage}
    assert by_id(root, "manage-consent").find(".//button[@data-consentry-open]") is not None

    audience = by_id(root, "audience-measurement")
    buttons = audience.findall(".//button[@data-consentry-optout]")
    assert [(b.get("data-consentry-optout"), text_of(b)) for b in buttons] == [("matomo", optout)]
    scripts = [s.get("src") for s in root.iter("script")]
    assert scripts == ["/consentry.js"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fr",
            {
                "_pk_id.*": ("13 mois", "Non — exemption : mesure d’audience"),
                "_ga": ("2 ans", "Oui"),
                "YSC": ("session", "Oui"),
                "ytidb::LAST_RESULT_ENTRY_KEY": ("persistant", "Oui"),
                "wordpress_logged_in_*": ("14 jours", "Non — exemption : authentification"),
                "stm_lms_notauth_cart": ("session", "Non — exemption : panier"),
                "_pk_ses.*": ("30 minutes", "Non — exemption : mesure d’audience"),
                "_gat*": ("1 minute", "Oui"),
                "cookie_consent": ("6 mois", "Non — exemption : mémorisation de votre choix"),
            },
        ),
        (
            "en",
            {
                "_pk_id.*": ("13 months", "No — exempt: audience measurement"),
                "_ga": ("2 years", "Yes"),
                "YSC": ("session", "Yes"),
                "wp-settings-*": ("1 year", "No — exempt: interface settings"),
                "vuid": ("2 years", "Yes"),
                "cookie_consent": ("6 months", "No — exempt: remembering your cookie choice"),
            },
        ),
    ],
)
def test_lifetimes_in_words_and_consent_or_exemption_ground(
    reference: Declaration, lang: str, expected: dict[str, tuple[str, str]]
) -> None:
    rows = {row[0]: row for row in tracker_rows(page(reference, lang))}
    for name, (lifetime, consent) in expected.items():
        assert rows[name][5].startswith(lifetime), rows[name]
        assert rows[name][6].startswith(consent), rows[name]


def test_party_type_and_domain_columns(reference: Declaration) -> None:
    rows = {row[0]: row for row in tracker_rows(page(reference, "en"))}
    assert rows["YSC"][4] == "Third party" and "youtube.com" in rows["YSC"][1]
    assert rows["_ga"][4] == "First party" and "www.mastermi-learning.com" in rows["_ga"][1]
    assert "Google Ireland Limited" in rows["_ga"][1]
    assert rows["ytidb::LAST_RESULT_ENTRY_KEY"][3].startswith("Local storage")
    assert rows["PHPSESSID"][3] == "HTTP cookie"
    assert "MasterMI Learning (publisher of the site)" in rows["PHPSESSID"][1]


def test_fixes_the_gaps_of_the_current_policy(reference: Declaration) -> None:
    """requirements.md §17: no "13 mois (max légal)", one choice retention, all the items."""
    html = render_policy(reference, "fr", "html")
    root = check_page(html)
    text = text_of(root)
    assert "max légal" not in text and "12 mois" not in text
    choice = text_of(by_id(root, "choice-retention"))
    assert "« cookie_consent »" in choice and "6 mois" in choice
    assert "5 ans" in text_of(by_id(root, "proof-retention"))
    retention = {text_of(r[0]): text_of(r[1]) for r in by_id(root, "data-retention").iter("tr")}
    assert retention["Matomo"] == "25 mois"
    assert retention["Google Analytics"] == "14 mois"
    ga = [r for r in root.iter("tr") if text_of(r).startswith("_ga ")]
    assert ga and all(text_of(r).endswith("Oui") for r in ga), "GA always needs consent"
    assert "GPC" in text_of(by_id(root, "gpc"))
    assert "www.mastermi-learning.com" in text_of(by_id(root, "scope"))
    browser = text_of(by_id(root, "browser-settings"))
    assert "En complément" in browser and "Gérer mes cookies" in browser


def test_purposes_have_titles_descriptions_and_legal_bases(reference: Declaration) -> None:
    root = page(reference, "fr")
    audience = text_of(by_id(root, "purpose-audience"))
    assert audience.startswith("Mesure d'audience Analysent la fréquentation")
    assert "exemption de consentement de la mesure d’audience" in audience
    assert "pour Matomo" in audience and "votre consentement" in audience
    assert "pour Google Analytics" in audience
    functional = text_of(by_id(root, "purpose-functional"))
    assert "YouTube et Vimeo" in functional and "article 6, paragraphe 1, point a)" in functional
    necessary = text_of(by_id(root, "purpose-necessary"))
    assert "strictement nécessaires" in necessary
    assert "Non utilisée" in text_of(by_id(root, "purpose-advertising"))
    assert "Non utilisée" not in necessary


@pytest.mark.parametrize(("lang", "words"), [("fr", "Non utilisée"), ("en", "Not used")])
def test_a_purpose_without_service_is_not_used(lang: str, words: str) -> None:
    declaration = make_declaration()  # Matomo and YouTube only
    root = page(declaration, lang)
    for purpose in ("support", "social", "advertising"):
        section = by_id(root, f"purpose-{purpose}")
        assert words in text_of(section)
        assert section.find(".//*[@data-purpose-unused]") is not None
    for purpose in ("necessary", "functional", "audience"):
        assert words not in text_of(by_id(root, f"purpose-{purpose}"))


def test_partners_with_count_and_privacy_policy_links(reference: Declaration) -> None:
    root = page(reference, "fr")
    partners = by_id(root, "partners")
    assert "6 partenaires" in text_of(partners)
    links = {a.get("href") for a in partners.iter("a")}
    external = [s for s in reference.services if s.provider != reference.controller.name]
    assert {s.privacy_policy for s in external} == links
    items = [text_of(li) for li in partners.iter("li")]
    assert any(
        i.startswith("Google Ireland Limited") and "Google Analytics et YouTube" in i for i in items
    )


def test_transfers_per_vendor_with_safeguards(reference: Declaration) -> None:
    root = page(reference, "fr")
    rows = {
        text_of(r[0]): [text_of(c) for c in r]
        for r in by_id(root, "transfer-table").iter("tr")
        if r.find("td") is not None
    }
    assert "États-Unis" in rows["Google Analytics"][2]
    assert "Data Privacy Framework" in rows["YouTube"][2]
    assert rows["Brevo"][2] == "Aucun transfert hors de l’UE"
    assert rows["Matomo"][1] == "MasterMI Learning (éditeur du site) uniquement"


def test_controller_identity_address_and_dpo() -> None:
    declaration = make_declaration(
        controller={
            "name": "Éditeur SAS",
            "email": "contact@site.test",
            "address": "12 rue des Lilas\n75011 Paris",
            "dpo": "dpo@site.test",
            "phone": "+33 1 23 45 67 89",
        }
    )
    root = page(declaration, "fr")
    controller = text_of(by_id(root, "controller"))
    assert "Éditeur SAS" in controller
    for fact in ("12 rue des Lilas", "75011 Paris", "dpo@site.test", "+33 1 23 45 67 89"):
        assert fact in controller
    hrefs = {a.get("href") for a in by_id(root, "controller").iter("a")}
    assert hrefs == {"mailto:contact@site.test", "mailto:dpo@site.test"}
    assert by_id(root, "controller").find(".//address") is not None


def test_no_dpo_line_when_none_is_declared(reference: Declaration) -> None:
    assert "DPO" not in text_of(by_id(page(reference, "fr"), "controller"))


def test_rights_and_complaint_to_the_authority(reference: Declaration) -> None:
    root = page(reference, "fr")
    for right in ("access", "rectification", "erasure", "restriction", "portability", "objection"):
        assert text_of(by_id(root, f"right-{right}"))
    complaint = by_id(root, "complaint")
    assert "CNIL" in text_of(complaint)
    assert [a.get("href") for a in complaint.iter("a")] == ["https://www.cnil.fr/fr/plaintes"]
    rights = by_id(root, "rights")
    assert "mailto:contact@mastermi-learning.com" in {a.get("href") for a in rights.iter("a")}


def test_without_exempt_measurement_there_is_no_opt_out() -> None:
    declaration = make_declaration(services=[{"use": "youtube"}])
    root = page(declaration, "en")
    audience = text_of(by_id(root, "audience-measurement"))
    assert "uses no audience measurement exempt from consent" in audience
    assert root.find(".//button[@data-consentry-optout]") is None
    assert "exempt from consent" not in text_of(by_id(root, "gpc"))


def test_the_page_rejects_a_language_the_site_does_not_declare() -> None:
    declaration = make_declaration(site={"languages": ["fr"]})
    with pytest.raises(ValueError, match="site's languages are fr"):
        render_policy(declaration, "en", "html")
    with pytest.raises(ValueError, match="html or markdown"):
        render_policy(declaration, "fr", "pdf")  # type: ignore[arg-type]
