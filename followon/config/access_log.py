"""gunicorn's access log with bearer tokens redacted (`logger_class` in gunicorn.conf.py).

gunicorn formats each access line from "atoms" (`%(U)s` is the path, `%(r)s` the request line); this
logger redacts the path in each of them with `core.log_redaction.redact_path`, the same list of
token-bearing routes that Django's request logging uses. The URL conf is read on the first line logged,
in a worker, after the application (and so Django) has been loaded.
"""

from __future__ import annotations

from gunicorn.glogging import Logger

from followon.core.log_redaction import redact_path, redact_text

# Atoms that hold a path or an address (not in our format, but an operator may add them).
_ADDRESS_ATOMS = ("f", "{referer}i", "{path_info}e", "{script_name}e")
_QUERY_ATOMS = ("q", "{query_string}e")


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = redact_path(atoms.get("U") or "")
        # The request line and raw URI: rebuilt from the redacted path, without the query string.
        atoms["r"] = f"{atoms.get('m')} {atoms['U']} {atoms.get('H')}"
        atoms["{raw_uri}e"] = atoms["U"]
        for key in _ADDRESS_ATOMS:
            if atoms.get(key):
                atoms[key] = redact_text(redact_path(atoms[key]))
        for key in _QUERY_ATOMS:
            if atoms.get(key):
                atoms[key] = "[query]"
        return atoms
