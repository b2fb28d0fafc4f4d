"""Every published version stays readable: `/policy?version=` and `/api/v1/versions/…` (R34)."""

from __future__ import annotations

import orjson

from consentry.banner import build_payload
from consentry.ledger import ConsentStore
from consentry.web import create_app
from tests.factories import make_declaration
from tests.ledger_support import ApiClient


def test_an_earlier_policy_is_served_as_it_was_published(store: ConsentStore) -> None:
    before = make_declaration(controller={"name": "Ancien Éditeur SAS"})
    after = make_declaration(controller={"name": "Nouvel Éditeur SAS"})
    assert before.policy_version != after.policy_version
    first = ApiClient(create_app(before, store))
    first.close()  # the earlier version was published (and archived) by this server

    api = ApiClient(create_app(after, store))
    try:
        old = api.get(f"/policy?version={before.policy_version}&lang=fr")
        assert old.status_code == 200
        assert "Ancien Éditeur SAS" in old.text and "Nouvel Éditeur SAS" not in old.text
        current = api.get(f"/policy?version={after.policy_version}")
        assert "Nouvel Éditeur SAS" in current.text
        assert api.get("/policy?version=0123456789ab").status_code == 404

        archived = api.get(f"/api/v1/versions/{before.policy_version}").json()
        assert archived["active"] is False
        kinds = {(d["kind"], d["language"]) for d in archived["documents"]}
        assert {("policy_html", "fr"), ("policy_html", "en")} <= kinds
        assert api.get("/api/v1/versions/active").json()["version"] == after.policy_version
    finally:
        api.close()


def test_a_records_texts_hash_finds_the_archived_banner_texts(store: ConsentStore) -> None:
    """What the banner sends as `texts_hash` names a document in the archive (R34)."""
    declaration = make_declaration()
    payload = build_payload(declaration, "fr")
    ApiClient(create_app(declaration, store)).close()
    archived = store.archived_document(declaration.policy_version, "banner_texts", "fr")
    assert archived is not None
    document = orjson.loads(archived)
    assert document["texts_hash"] == payload.texts_hash["fr"]
    assert document["texts"]["site"] == declaration.site.name
