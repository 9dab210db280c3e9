"""The sharing page's use case: the node's identity, partners, agreements and the
preview, each what its own share function answers (for every partner, or one)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from crossline.config import Settings
from crossline.services.sharing_overview import sharing_overview
from crossline.share.agreements import list_agreements, save_agreement
from crossline.share.identity import load_identity
from crossline.share.partners import list_partners, register_partner
from crossline.share.preview import preview
from crossline.store import Store


@pytest.mark.parametrize(
    ("partners", "partner", "sample"),
    [([], None, 3), (["in-i4c"], None, 3), (["in-i4c", "uk-nca"], "uk-nca", 0),
     (["in-i4c", "uk-nca"], None, 5)],
    ids=["none", "one", "one-of-two", "all-of-two"],
)  # fmt: skip
def test_overview_is_what_each_part_answers(
    settings: Settings, store: Store, tmp_path: Path, partners: list[str], partner: str | None,
    sample: int,
) -> None:  # fmt: skip
    key = load_identity(Settings(home=tmp_path / "peer", database_url="sqlite://")).public_key
    for name in partners:
        register_partner(store, name=name, country="IN", public_key=key)
        save_agreement(store, {"partner": name, "kinds": ["campaign"], "max_marking": "TLP:AMBER"})
    node = SimpleNamespace(settings=settings, store=store)
    got = sharing_overview(node, partner=partner, sample=sample)  # type: ignore[arg-type]
    ident, expected = got.pop("ident"), load_identity(settings)
    assert (ident.name, ident.key_id) == (expected.name, expected.key_id)
    assert got == {
        "previews": preview(store, partner=partner, sample=sample),
        "partners": list_partners(store),
        "agreements": list_agreements(store),
    }
    assert [p.name for p in got["partners"]] == partners
    assert len(got["agreements"]) == len(partners)
