"""A local OpenID Connect provider that plays NHS login and NHS CIS2, over real HTTP on 127.0.0.1.

Built on Authlib's server side (the authorisation code grant, OpenID Connect's code
extension and RFC 7523 client assertions), so FollowOn talks to it exactly as to the
real providers: discovery, a JWKS, the authorisation endpoint (a page to choose who
signs in, or `choose()` to skip it), the token endpoint, userinfo and RP-initiated logout.

It checks what the real ones check: the client is registered, the redirect URI is one
of its own, `state` and `nonce` are sent, the client assertion is RS512 and signed by a
key from the client's JWKS (given, or fetched from its jwks_uri), for our token endpoint,
with `iss` = `sub` = client id, in date and never reused; a code works once, for its
client and redirect URI. ID tokens are RS512 and carry `vot` and the NHS number (NHS
login) or the assurance level and roles (CIS2).

Tell it to misbehave to test FollowOn's refusals: `misbehave("expired")` and so on
(see MISBEHAVIOURS). `down = True` answers 503 everywhere.

    with MockIdentityProvider() as mock:
        settings.NATIONAL_IDENTITY_MOCK_URL = mock.base_url
        mock.register_client(Provider.NHS_LOGIN, "followon", redirect_uris=[...], jwks=public_jwks())
        mock.add_person(Provider.NHS_LOGIN, "mo", "Mo Member", sub="...", vot="P9.Cp.Cd", email="...")

`python manage.py mock_identity_provider` runs one with the demo's people (`make run`).
"""

from __future__ import annotations

import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

import requests
from authlib.oauth2 import AuthorizationServer, OAuth2Error, OAuth2Request
from authlib.oauth2.rfc6749 import ClientMixin, InvalidClientError, grants
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oidc.core import OpenIDCode
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey

from followon.identity.providers import MOCK_PATHS, Provider

ALGORITHM = "RS512"
CODE_SECONDS = 60
ID_TOKEN_SECONDS = 300
MISBEHAVIOURS = {
    "wrong_aud",  # the ID token is for another client
    "wrong_issuer",  # the ID token names another issuer
    "expired",  # the ID token expired ten minutes ago
    "bad_nonce",  # the ID token carries a nonce FollowOn never sent
    "wrong_signature",  # the ID token is signed by a key that is not in the provider's JWKS
    "rs256",  # the ID token is signed RS256, not RS512
    "unsupported_vot",  # NHS login: a vector of trust NHS login does not issue
    "userinfo_other_sub",  # userinfo describes somebody else
}


@dataclass
class Person:
    """Someone who can sign in at the mock: their claims, as the provider would release them."""

    provider: str
    key: str
    label: str
    claims: dict

    @property
    def subject(self) -> str:
        return self.claims["sub"]


@dataclass
class Client(ClientMixin):
    provider: str
    client_id: str
    redirect_uris: list[str]
    post_logout_redirect_uris: list[str] = field(default_factory=list)
    jwks: dict | None = None
    jwks_uri: str = ""

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope):
        return scope

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret):
        return False  # confidential clients authenticate with a signed assertion only

    def check_endpoint_auth_method(self, method, endpoint):
        return method == _ClientAssertion.CLIENT_AUTH_METHOD

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"

    def public_keys(self) -> KeySet:
        if self.jwks is not None:
            return KeySet.import_key_set(self.jwks)
        response = requests.get(self.jwks_uri, timeout=5)
        response.raise_for_status()
        return KeySet.import_key_set(response.json())


@dataclass
class AuthorizationCode:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    nonce: str
    person: Person
    acr_values: str
    issued_at: float

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return int(self.issued_at)

    def get_acr(self):
        return None

    def get_amr(self):
        return None


class _Request(OAuth2Request):
    def __init__(self, method: str, uri: str, headers: dict, data: dict):
        super().__init__(method, uri, headers=headers)
        self.payload = BasicOAuth2Payload(data)
        self._data = data

    @property
    def form(self):
        return self._data

    @property
    def args(self):
        return self._data


class _ClientAssertion(JWTBearerClientAssertion):
    """RFC 7523 client authentication, RS512 only, audience = this provider's token endpoint."""

    CLIENT_AUTH_METHOD = "private_key_jwt"

    def __init__(self, server: _ProviderServer):
        super().__init__(validate_jti=True, leeway=5)
        self.server = server

    def get_audiences(self):
        return [self.server.token_endpoint]

    def validate_jti(self, claims, jti):
        return self.server.mock.use_jti(claims["sub"], jti)

    def resolve_client_public_key(self, client):
        return client.public_keys()

    def process_assertion_claims(self, assertion, resolve_key):
        try:
            token = jwt.decode(assertion, resolve_key, algorithms=[ALGORITHM])
        except JoseError as exc:
            self.server.mock.record("assertion_refused")
            raise InvalidClientError(description="JWT is not valid") from exc
        if token.claims.get("exp", 0) - token.claims.get("iat", 0) > 300:
            raise InvalidClientError(description="assertion lives too long")
        self.verify_claims(token.claims)
        self.server.mock.record("assertion_accepted")
        return token.claims


class _CodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = [_ClientAssertion.CLIENT_AUTH_METHOD]

    def save_authorization_code(self, code, request):
        data = request.payload.data
        self.server.mock.codes[code] = AuthorizationCode(
            code=code,
            client_id=request.client.client_id,
            redirect_uri=request.payload.redirect_uri,
            scope=request.payload.scope,
            nonce=data.get("nonce", ""),
            person=request.user,
            acr_values=data.get("acr_values", ""),
            issued_at=time.time(),
        )

    def query_authorization_code(self, code, client):
        found = self.server.mock.codes.get(code)
        if found and found.client_id == client.client_id and time.time() - found.issued_at < CODE_SECONDS:
            return found
        return None

    def delete_authorization_code(self, authorization_code):
        self.server.mock.codes.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code):
        return authorization_code.person


class _OpenIDCode(OpenIDCode):
    def __init__(self, server: _ProviderServer):
        super().__init__(require_nonce=True)
        self.server = server

    def exists_nonce(self, nonce, request):
        return False

    def encode_id_token(self, token, request):
        return self.server.id_token(request.authorization_code, request.client)


class _ProviderServer(AuthorizationServer):
    """One provider (NHS login or CIS2) inside the mock."""

    def __init__(self, mock: MockIdentityProvider, provider: str):
        super().__init__(scopes_supported=None)
        self.mock = mock
        self.provider = provider
        self.key = RSAKey.generate_key(2048, private=True, auto_kid=True)
        self.tokens: dict[str, tuple[Person, str, str]] = {}
        self.register_client_auth_method(_ClientAssertion.CLIENT_AUTH_METHOD, _ClientAssertion(self))
        self.register_grant(_CodeGrant, [_OpenIDCode(self)])
        self.register_token_generator(
            "default", BearerTokenGenerator(access_token_generator=lambda **_: secrets.token_urlsafe(32))
        )

    # Authlib's framework hooks.
    def query_client(self, client_id):
        return self.mock.clients.get((self.provider, client_id))

    def save_token(self, token, request):
        self.tokens[token["access_token"]] = (request.user, token.get("scope", ""), request.client.client_id)

    def create_oauth2_request(self, request):
        return request

    def handle_response(self, status, body, headers):
        return status, body, headers

    def send_signal(self, name, *args, **kwargs):
        return None

    # Addresses.
    @property
    def issuer(self) -> str:
        return self.mock.issuer(self.provider)

    @property
    def token_endpoint(self) -> str:
        return self.issuer + "/token"

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.issuer + "/authorize",
            "token_endpoint": self.token_endpoint,
            "userinfo_endpoint": self.issuer + "/userinfo",
            "jwks_uri": self.issuer + "/.well-known/jwks.json",
            "end_session_endpoint": self.issuer + "/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": [ALGORITHM],
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            "token_endpoint_auth_signing_alg_values_supported": [ALGORITHM],
            "scopes_supported": ["openid", "email", "phone", "profile"]
            if self.provider == Provider.NHS_LOGIN
            else ["openid", "nhsperson", "nationalrbacaccess", "associatedorgs", "selectedrole"],
        }

    def jwks(self) -> dict:
        return {"keys": [{**self.key.as_dict(private=False), "kid": self.key.kid, "use": "sig", "alg": ALGORITHM}]}

    # Tokens.
    def id_token(self, code: AuthorizationCode, client: Client) -> str:
        bad = self.mock.misbehaviours
        now = int(time.time())
        person = code.person
        claims = {
            "iss": "https://someone-else.invalid" if "wrong_issuer" in bad else self.issuer,
            "aud": "someone-else" if "wrong_aud" in bad else client.client_id,
            "sub": person.subject,
            "iat": now - 900 if "expired" in bad else now,
            "exp": now - 600 if "expired" in bad else now + ID_TOKEN_SECONDS,
            "auth_time": code.get_auth_time(),
            "nonce": "not-the-nonce-you-sent" if "bad_nonce" in bad else code.nonce,
            "jti": secrets.token_urlsafe(16),
        }
        claims.update(self._released(person, code.scope, id_token=True))
        if "unsupported_vot" in bad and self.provider == Provider.NHS_LOGIN:
            claims["vot"] = "P7.Zz"
        alg = "RS256" if "rs256" in bad else ALGORITHM
        key = self.key
        if "wrong_signature" in bad:
            key = RSAKey.generate_key(2048, private=True)
        return jwt.encode({"alg": alg, "kid": self.key.kid}, claims, key, algorithms=[alg])

    def _released(self, person: Person, scope: str, *, id_token: bool) -> dict:
        """The person's claims this scope releases (NHS login) or CIS2 always sends."""
        scopes = set(scope.split())
        claims = person.claims
        if self.provider == Provider.CIS2:
            names = ["acr", "authentication_assurance_level", "id_assurance_level", "selected_roleid"]
            if not id_token:
                names += ["name", "given_name", "family_name", "uid", "nhsid_nrbac_roles", "email"]
            return {name: claims[name] for name in names if name in claims}
        released = {name: claims[name] for name in ("vot", "vtm", "identity_proofing_level") if name in claims}
        if "email" in scopes:
            released.update({name: claims[name] for name in ("email", "email_verified") if name in claims})
        if "phone" in scopes:
            released.update(
                {name: claims[name] for name in ("phone_number", "phone_number_verified") if name in claims}
            )
        proofed = str(claims.get("vot", "P0"))[:2] in {"P5", "P9"}
        if "profile" in scopes and proofed:
            names = ("nhs_number", "birthdate", "family_name") if not id_token else ("nhs_number",)
            released.update({name: claims[name] for name in names if name in claims})
        return released

    def userinfo(self, access_token: str) -> dict | None:
        found = self.tokens.get(access_token)
        if found is None:
            return None
        person, scope, _ = found
        info = {"sub": person.subject, **self._released(person, scope, id_token=False)}
        if "userinfo_other_sub" in self.mock.misbehaviours:
            info["sub"] = "somebody-else"
        return info


class MockIdentityProvider:
    """Both providers on one local port: /nhs-login/... and /cis2/..."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0):
        self.host, self.port = host, port
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self.clients: dict[tuple[str, str], Client] = {}
        self.people: dict[str, dict[str, Person]] = {Provider.NHS_LOGIN: {}, Provider.CIS2: {}}
        self.providers = {provider: _ProviderServer(self, provider) for provider in (Provider.NHS_LOGIN, Provider.CIS2)}
        self.reset()

    # -- set-up -----------------------------------------------------------------------------------

    def start(self) -> MockIdentityProvider:
        self._server = ThreadingHTTPServer((self.host, self.port), _handler_for(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="mock-identity", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> MockIdentityProvider:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the mock first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def issuer(self, provider: str) -> str:
        return self.base_url + MOCK_PATHS[Provider(provider)]

    def register_client(
        self,
        provider: str,
        client_id: str,
        *,
        redirect_uris: list[str],
        post_logout_redirect_uris: list[str] = (),
        jwks: dict | None = None,
        jwks_uri: str = "",
    ) -> Client:
        client = Client(
            provider=provider,
            client_id=client_id,
            redirect_uris=list(redirect_uris),
            post_logout_redirect_uris=list(post_logout_redirect_uris),
            jwks=jwks,
            jwks_uri=jwks_uri,
        )
        with self._lock:
            self.clients[(provider, client_id)] = client
        return client

    def add_person(self, provider: str, key: str, label: str, **claims) -> Person:
        person = Person(provider=provider, key=key, label=label, claims=claims)
        with self._lock:
            self.people[provider][key] = person
        return person

    def reset(self) -> None:
        """Forget behaviour and history (clients and people stay)."""
        with self._lock:
            self.misbehaviours: set[str] = set()
            self.down = False
            self.chosen: str | None = None
            self.codes: dict[str, AuthorizationCode] = {}
            self.jtis: set[tuple[str, str]] = set()
            self.events: list[str] = []
            self.authorize_requests: list[dict] = []
            self.logouts: list[dict] = []
            for server in getattr(self, "providers", {}).values():
                server.tokens.clear()

    # -- behaviour --------------------------------------------------------------------------------

    def misbehave(self, *kinds: str) -> None:
        unknown = set(kinds) - MISBEHAVIOURS
        assert not unknown, f"unknown misbehaviours: {unknown}"
        with self._lock:
            self.misbehaviours.update(kinds)

    def choose(self, person_key: str | None) -> None:
        """Sign the next people in as `person_key` straight away, without the chooser page."""
        self.chosen = person_key

    # -- bookkeeping ------------------------------------------------------------------------------

    def use_jti(self, client_id: str, jti: str) -> bool:
        with self._lock:
            if (client_id, jti) in self.jtis:
                return False
            self.jtis.add((client_id, jti))
            return True

    def record(self, event: str) -> None:
        with self._lock:
            self.events.append(event)


# -- HTTP ---------------------------------------------------------------------------------------------

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title></head>
<body style="font-family: Arial, sans-serif; max-width: 40rem; margin: 1rem auto; padding: 0 1rem; line-height: 1.5">
<main>{body}</main></body></html>"""


def _page(title: str, body: str) -> tuple[int, str, list]:
    return 200, _PAGE.format(title=html.escape(title), body=body), [("Content-Type", "text/html; charset=utf-8")]


def _chooser(server: _ProviderServer, data: dict) -> tuple[int, str, list]:
    name = Provider(server.provider).label
    hidden = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in data.items())
    button = (
        "display:block; width:100%; min-height:44px; margin:0 0 .75rem; padding:.6rem; font-size:1.1rem; "
        "text-align:left; background:#007f3b; color:#fff; border:0; border-radius:4px"
    )
    people = "".join(
        f'<button type="submit" name="person" value="{html.escape(person.key)}" style="{button}">'
        f"Continue as {html.escape(person.label)}</button>"
        for person in server.mock.people[server.provider].values()
    )
    cancel = (
        f'<button type="submit" name="person" value="" style="{button}; background:#4c6272">Cancel and go back</button>'
    )
    body = (
        f"<h1>Mock {html.escape(name)}</h1>"
        f"<p>This is a local stand-in for {html.escape(name)}, for the FollowOn demo and tests. "
        "Choose who to sign in as. Nothing here is real.</p>"
        f'<form method="post" action="{html.escape(server.issuer)}/authorize">{hidden}{people}{cancel}</form>'
    )
    return _page(f"Mock {name}: choose who signs in", body)


def _authorize(server: _ProviderServer, request: _Request, data: dict, *, decided: bool):
    mock = server.mock
    try:
        grant = server.get_consent_grant(request)
    except OAuth2Error as error:
        if error.redirect_uri:
            return server.handle_error_response(request, error)
        return 400, json.dumps(dict(error.get_body())), [("Content-Type", "application/json")]
    if not data.get("state"):
        return 400, '{"error": "invalid_request", "error_description": "state is required"}', []
    if not decided:
        mock.authorize_requests.append(dict(data))
        if mock.chosen is None:
            return _chooser(server, data)
        person_key = mock.chosen
    else:
        person_key = data.get("person") or ""
    person = mock.people[server.provider].get(person_key)
    return server.create_authorization_response(request, grant_user=person, grant=grant)


def _logout(server: _ProviderServer, data: dict):
    mock = server.mock
    hint = data.get("id_token_hint", "")
    redirect = data.get("post_logout_redirect_uri", "")
    try:
        claims = jwt.decode(hint, server.key, algorithms=[ALGORITHM]).claims if hint else {}
    except (JoseError, ValueError):
        claims = {}
    client = mock.clients.get((server.provider, str(claims.get("aud", "")) or data.get("client_id", "")))
    mock.logouts.append(
        {"provider": server.provider, "sub": claims.get("sub"), "client_id": client and client.client_id}
    )
    if client and redirect in client.post_logout_redirect_uris:
        query = urlencode({"state": data["state"]}) if data.get("state") else ""
        return 302, "", [("Location", redirect + ("?" + query if query else ""))]
    return _page("Signed out", "<h1>You have signed out</h1><p>You can close this window.</p>")


def _route(mock: MockIdentityProvider, method: str, path: str, uri: str, headers: dict, data: dict):
    if mock.down:
        return 503, "Service unavailable", [("Content-Type", "text/plain")]
    for provider, prefix in MOCK_PATHS.items():
        if path.startswith(prefix + "/"):
            server = mock.providers[provider]
            tail = path[len(prefix) :]
            break
    else:
        return 404, "Not found", [("Content-Type", "text/plain")]
    request = _Request(method, uri, headers, data)
    if tail == "/.well-known/openid-configuration":
        return 200, server.discovery(), []
    if tail == "/.well-known/jwks.json":
        return 200, server.jwks(), []
    if tail == "/authorize" and method in {"GET", "POST"}:
        return _authorize(server, request, data, decided=method == "POST")
    if tail == "/token" and method == "POST":
        mock.record("token_request")
        return server.create_token_response(request)
    if tail == "/userinfo":
        token = headers.get("Authorization", "").removeprefix("Bearer ").strip()
        info = server.userinfo(token)
        return (200, info, []) if info is not None else (401, {"error": "invalid_token"}, [])
    if tail == "/logout":
        return _logout(server, data)
    return 404, "Not found", [("Content-Type", "text/plain")]


def _handler_for(mock: MockIdentityProvider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):  # quiet: tests and the demo console stay readable
            return

        def _serve(self, method: str):
            parts = urlsplit(self.path)
            data = dict(parse_qsl(parts.query))
            if method == "POST":
                length = int(self.headers.get("Content-Length") or 0)
                data.update(parse_qsl(self.rfile.read(length).decode()))
            uri = f"{mock.base_url}{self.path}"
            with mock._lock:
                status, body, headers = _route(mock, method, parts.path, uri, dict(self.headers), data)
            if isinstance(body, dict | list):
                body = json.dumps(body)
                headers = [*headers, ("Content-Type", "application/json")]
            payload = (body or "").encode()
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self):
            self._serve("GET")

        def do_POST(self):
            self._serve("POST")

    return Handler
