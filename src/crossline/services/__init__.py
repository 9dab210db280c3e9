"""Use cases, one function each, written once and called by every face (CLI, REST API,
web app, TAXII): import (``imports``), lookup (``lookup``), campaigns (``campaigns``),
sessions, tokens and users with their audit entries (``accounts``), reports as a principal
may see them (``reports``), exports (``exports``), sync and pairing with partners
(``sync``, ``pairing``), the TAXII server's collections and inbox (``taxii_access``,
``taxii_inbox``)."""
