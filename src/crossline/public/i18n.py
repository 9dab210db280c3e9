"""Languages of the citizens' site: gettext catalogues (Babel), English and Hindi.

The catalogues are the ``.po`` files under ``locale/`` (English is the source
language, so its catalogue is empty); they are compiled in memory when the site starts,
so no compiled ``.mo`` file needs to be shipped or kept in step. A language is chosen
by ``?lang=`` (kept in every link and form) or else the browser's Accept-Language.
"""

from __future__ import annotations

import io
from functools import cache
from importlib import resources

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LANGUAGES = {"en": "English", "hi": "हिन्दी"}
DEFAULT = "en"
DOMAIN = "messages"


@cache
def translations(lang: str) -> NullTranslations:
    """The gettext translations of ``lang`` (English: the messages as written)."""
    if lang == DEFAULT or lang not in LANGUAGES:
        return NullTranslations()
    po = resources.files("crossline.public") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


def pick(asked: str | None, accept_language: str | None) -> str:
    """The language to answer in: an explicit choice, else the browser's first known."""
    if asked in LANGUAGES:
        return str(asked)
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in LANGUAGES:
            return code
    return DEFAULT
