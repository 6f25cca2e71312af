"""The relying party: FollowOn signing a person in with NHS login or CIS2.

The authorisation code flow with `state` and `nonce` (both mandatory), client
authentication by `private_key_jwt` (Authlib signs an RS512 assertion with our key:
`iss` = `sub` = client id, `aud` = the token endpoint, a fresh `jti`, a short life),
and ID tokens accepted only when signed RS512 by a key from the provider's JWKS, for
our client id, from the expected issuer, in date, and carrying our nonce.

Every way it can go wrong is one of four exceptions, each with a short `reason` that
is safe to log and audit (never a token, code or claim value):
SignInCancelled (the person stopped), ProviderUnavailable (down, slow or refusing us),
ResponseRefused (replayed, tampered or invalid: refused and audited) and LevelTooLow.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import requests
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT, private_key_jwt_sign
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import constant_time_compare
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    JoseError,
    MissingClaimError,
    UnsupportedAlgorithmError,
)
from joserfc.jwk import KeySet

from followon.identity import keys
from followon.identity.providers import (
    CIS2_ACR_VALUES,
    CIS2_SCOPES,
    Provider,
    cis2_assurance_level,
    cis2_required_level,
    issuer_for,
    nhs_login_scopes,
    nhs_login_vot_level,
    nhs_login_vtr,
)

logger = logging.getLogger(__name__)

ID_TOKEN_ALGORITHMS = ["RS512"]
# Seconds a client assertion lives: long enough for one token request, too short to reuse.
ASSERTION_LIFETIME_SECONDS = 60
# Allowance for clock differences when checking exp and iat.
CLOCK_LEEWAY_SECONDS = 60
# Discovery documents and provider keys are kept this long in each process; an ID token
# signed with a key we have not seen makes us fetch the keys again at once.
METADATA_SECONDS = 3600
# What the person did at the provider that means "I stopped", not "it broke".
CANCELLED_ERRORS = {"access_denied", "login_required", "consent_required", "interaction_required"}


class SignInProblem(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class SignInCancelled(SignInProblem):
    """The person cancelled at the provider."""


class ProviderUnavailable(SignInProblem):
    """The provider did not answer, answered with an error, or refused our client."""


class ResponseRefused(SignInProblem):
    """A response we must not trust: replayed, tampered, for someone else, or out of date."""


class LevelTooLow(SignInProblem):
    """A genuine sign-in, at a lower identity or authentication level than the service needs."""


@dataclass(frozen=True)
class Route:
    """One service's registration with one provider (identity.selectors.route_for builds it)."""

    provider: str
    environment: str
    client_id: str
    level: str
    keeps_nhs_number: bool = False
    service_id: int | None = None

    @property
    def issuer(self) -> str:
        issuer = issuer_for(self.provider, self.environment)
        if issuer is None:
            raise ProviderUnavailable("no_environment")
        return issuer


@dataclass(frozen=True)
class SignInRequest:
    url: str
    state: str
    nonce: str


@dataclass(frozen=True)
class VerifiedSignIn:
    """What FollowOn learned from a sign-in it accepted."""

    provider: str
    environment: str
    subject: str
    level: str  # the vot ("P9.Cp.Cd") or "AAL3"
    assurance: int  # proofing level for NHS login (5, 9), authentication level for CIS2 (2, 3)
    id_token: str  # kept in the session only, for the sign-out hint
    end_session_endpoint: str = ""
    email: str = ""
    email_verified: bool = False
    phone_number: str = ""
    phone_number_verified: bool = False
    nhs_number: str = ""
    name: str = ""
    roles: list[dict] = field(default_factory=list)


# Provider metadata -----------------------------------------------------------------------------

_cache: dict[str, tuple[float, object]] = {}
_cache_lock = threading.Lock()


def _timeout() -> float:
    return settings.NATIONAL_IDENTITY_TIMEOUT_SECONDS


def _get_json(url: str, *, what: str, headers: dict | None = None) -> dict:
    try:
        response = requests.get(url, headers=headers or {}, timeout=_timeout())
    except requests.RequestException as exc:
        logger.warning("national sign-in: %s unreachable (%s)", what, type(exc).__name__)
        raise ProviderUnavailable(what) from exc
    if response.status_code != 200:
        logger.warning("national sign-in: %s answered %s", what, response.status_code)
        raise ProviderUnavailable(what)
    try:
        data = response.json()
    except ValueError as exc:
        raise ProviderUnavailable(what) from exc
    if not isinstance(data, dict):
        raise ProviderUnavailable(what)
    return data


def _cached(key: str, load, *, refresh: bool = False):
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(key)
    if hit and not refresh and now - hit[0] < METADATA_SECONDS:
        return hit[1]
    value = load()
    with _cache_lock:
        _cache[key] = (now, value)
    return value


def forget_provider_metadata() -> None:
    """Drop cached discovery documents and keys (tests, and after a provider changes its keys)."""
    with _cache_lock:
        _cache.clear()


def provider_metadata(issuer: str) -> dict:
    def load():
        data = _get_json(issuer + "/.well-known/openid-configuration", what="discovery")
        if data.get("issuer") != issuer:
            logger.error("national sign-in: discovery document names another issuer")
            raise ProviderUnavailable("discovery_issuer")
        for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not data.get(name):
                raise ProviderUnavailable("discovery_incomplete")
        return data

    return _cached("meta:" + issuer, load)


def provider_keys(metadata: dict, *, refresh: bool = False) -> KeySet:
    def load():
        try:
            return KeySet.import_key_set(_get_json(metadata["jwks_uri"], what="jwks"))
        except (JoseError, ValueError, TypeError) as exc:
            raise ProviderUnavailable("jwks_invalid") from exc

    return _cached("jwks:" + metadata["jwks_uri"], load, refresh=refresh)


# The flow ---------------------------------------------------------------------------------------


class _ClientAssertion(PrivateKeyJWT):
    """Authlib's private_key_jwt with our algorithm, key id and a short lifetime."""

    name = "private_key_jwt"

    def sign(self, auth, token_endpoint):
        return private_key_jwt_sign(
            auth.client_secret,
            client_id=auth.client_id,
            token_endpoint=token_endpoint,
            header={"kid": auth.client_secret.kid},
            alg=keys.ALGORITHM,
            expires_in=ASSERTION_LIFETIME_SECONDS,
        )


def _raise_for_server_error(response):
    if response.status_code >= 500:
        response.raise_for_status()
    return response


def _session(route: Route, redirect_uri: str) -> OAuth2Session:
    try:
        key = keys.signing_key()
    except ImproperlyConfigured as exc:
        logger.error("national sign-in: %s", exc)
        raise ProviderUnavailable("no_client_key") from exc
    session = OAuth2Session(
        client_id=route.client_id,
        client_secret=key,
        token_endpoint_auth_method=_ClientAssertion.name,
        redirect_uri=redirect_uri,
        default_timeout=_timeout(),
    )
    session.register_client_auth_method(_ClientAssertion())
    session.register_compliance_hook("access_token_response", _raise_for_server_error)
    return session


def sign_in_request(route: Route, *, redirect_uri: str) -> SignInRequest:
    """Where to send the person: the provider's authorisation endpoint with a fresh state and nonce."""
    metadata = provider_metadata(route.issuer)
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    extra: dict[str, str] = {"nonce": nonce}
    if route.provider == Provider.NHS_LOGIN:
        scopes = nhs_login_scopes(keeps_nhs_number=route.keeps_nhs_number)
        extra["vtr"] = json.dumps(nhs_login_vtr(route.level), separators=(",", ":"))
    else:
        scopes = CIS2_SCOPES
        extra["acr_values"] = CIS2_ACR_VALUES[route.level]
    with _session(route, redirect_uri) as session:
        url, _ = session.create_authorization_url(
            metadata["authorization_endpoint"], state=state, scope=" ".join(scopes), **extra
        )
    return SignInRequest(url=url, state=state, nonce=nonce)


def complete_sign_in(
    route: Route, *, redirect_uri: str, params: dict, expected_state: str | None, nonce: str | None
) -> VerifiedSignIn:
    """Check the provider's answer and exchange its code; raises a SignInProblem unless all is well."""
    state = params.get("state") or ""
    if not expected_state or not state or not constant_time_compare(state, expected_state):
        # No flow in this session, or another one's state: a replayed or forged response.
        raise ResponseRefused("state")
    error = params.get("error")
    if error:
        if error in CANCELLED_ERRORS:
            raise SignInCancelled(error)
        logger.warning("national sign-in: provider answered error=%s", error[:40])
        raise ProviderUnavailable("provider_error")
    code = params.get("code")
    if not code:
        raise ResponseRefused("no_code")
    metadata = provider_metadata(route.issuer)
    token = _exchange_code(route, metadata, redirect_uri=redirect_uri, code=code)
    claims = _verified_id_token_claims(token.get("id_token"), metadata, route=route, nonce=nonce or "")
    userinfo = _userinfo(metadata, token, subject=claims["sub"])
    return _sign_in_from(route, metadata, claims, userinfo, id_token=token["id_token"])


def _exchange_code(route: Route, metadata: dict, *, redirect_uri: str, code: str) -> dict:
    try:
        with _session(route, redirect_uri) as session:
            return session.fetch_token(metadata["token_endpoint"], grant_type="authorization_code", code=code)
    except OAuthError as exc:
        if exc.error == "invalid_grant":
            # The code was used already, has expired or was never issued to us.
            raise ResponseRefused("code_refused") from exc
        if exc.error == "invalid_client":
            logger.error(
                "national sign-in: %s refused our client assertion: check the client id and the registered key",
                route.provider,
            )
        else:
            logger.warning("national sign-in: token endpoint answered error=%s", str(exc.error)[:40])
        raise ProviderUnavailable(f"token_{exc.error}") from exc
    except (requests.RequestException, ValueError) as exc:
        logger.warning("national sign-in: token endpoint failed (%s)", type(exc).__name__)
        raise ProviderUnavailable("token_endpoint") from exc


def _decode(id_token: str, metadata: dict) -> jwt.Token:
    try:
        return jwt.decode(id_token, provider_keys(metadata), algorithms=ID_TOKEN_ALGORITHMS)
    except (BadSignatureError, ValueError) as exc:
        # Perhaps the provider rolled its keys: fetch them once more before refusing.
        keyset = provider_keys(metadata, refresh=True)
        try:
            return jwt.decode(id_token, keyset, algorithms=ID_TOKEN_ALGORITHMS)
        except BadSignatureError:
            raise ResponseRefused("id_token_signature") from exc
        except (JoseError, ValueError) as again:
            raise ResponseRefused("id_token_key") from again
    except UnsupportedAlgorithmError as exc:
        raise ResponseRefused("id_token_algorithm") from exc
    except JoseError as exc:
        raise ResponseRefused("id_token_malformed") from exc


def _verified_id_token_claims(id_token, metadata: dict, *, route: Route, nonce: str) -> dict:
    if not id_token or not isinstance(id_token, str):
        raise ResponseRefused("no_id_token")
    token = _decode(id_token, metadata)
    registry = jwt.JWTClaimsRegistry(
        leeway=CLOCK_LEEWAY_SECONDS,
        iss={"essential": True, "value": metadata["issuer"]},
        aud={"essential": True, "value": route.client_id},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
    )
    try:
        registry.validate(token.claims)
    except ExpiredTokenError as exc:
        raise ResponseRefused("id_token_expired") from exc
    except (InvalidClaimError, MissingClaimError) as exc:
        raise ResponseRefused(f"id_token_{exc.claim}") from exc
    except JoseError as exc:
        raise ResponseRefused("id_token_claims") from exc
    claims = token.claims
    if not nonce or not constant_time_compare(str(claims.get("nonce") or ""), nonce):
        raise ResponseRefused("id_token_nonce")
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != route.client_id:
        raise ResponseRefused("id_token_azp")
    if not isinstance(claims["sub"], str) or not claims["sub"]:
        raise ResponseRefused("id_token_sub")
    return claims


def _userinfo(metadata: dict, token: dict, *, subject: str) -> dict:
    endpoint = metadata.get("userinfo_endpoint")
    access_token = token.get("access_token")
    if not endpoint or not access_token:
        return {}
    info = _get_json(endpoint, what="userinfo", headers={"Authorization": f"Bearer {access_token}"})
    if info.get("sub") != subject:
        raise ResponseRefused("userinfo_subject")
    return info


def _sign_in_from(route: Route, metadata: dict, claims: dict, userinfo: dict, *, id_token: str) -> VerifiedSignIn:
    # Security claims come from the signed ID token; profile details may come from userinfo.
    profile = {**userinfo, **claims}
    common = {
        "provider": route.provider,
        "environment": route.environment,
        "subject": claims["sub"],
        "id_token": id_token,
        "end_session_endpoint": metadata.get("end_session_endpoint") or "",
    }
    if route.provider == Provider.NHS_LOGIN:
        vot = claims.get("vot")
        level = nhs_login_vot_level(vot)
        if level is None:
            # A vector of trust NHS login does not issue: not a level we can reason about.
            raise ResponseRefused("unsupported_vot")
        if level < int(route.level[1:]):
            raise LevelTooLow(f"P{level}")
        return VerifiedSignIn(
            **common,
            level=vot,
            assurance=level,
            email=str(profile.get("email") or ""),
            email_verified=profile.get("email_verified") is True,
            phone_number=str(profile.get("phone_number") or ""),
            phone_number_verified=profile.get("phone_number_verified") is True,
            nhs_number=str(profile.get("nhs_number") or "") if route.keeps_nhs_number else "",
        )
    assurance = cis2_assurance_level(claims)
    if assurance is None or assurance < cis2_required_level(route.level):
        raise LevelTooLow(f"AAL{assurance or 0}")
    return VerifiedSignIn(
        **common,
        level=f"AAL{assurance}",
        assurance=assurance,
        name=str(
            profile.get("name") or " ".join(filter(None, [profile.get("given_name"), profile.get("family_name")]))
        ),
        roles=cis2_roles(profile),
    )


def cis2_roles(profile: dict) -> list[dict]:
    """The person's CIS2 roles (code, name, organisation), the selected one first. Shown and
    audited; FollowOn's own staff roles decide what they may do."""
    selected = str(profile.get("selected_roleid") or "")
    roles = []
    for role in profile.get("nhsid_nrbac_roles") or []:
        if not isinstance(role, dict):
            continue
        roles.append(
            {
                "code": str(role.get("role_code") or "")[:60],
                "name": _role_name(str(role.get("role_name") or ""))[:120],
                "org": str(role.get("org_code") or "")[:12],
                "selected": bool(selected) and str(role.get("person_roleid") or "") == selected,
            }
        )
    roles.sort(key=lambda role: not role["selected"])
    return roles[:20]


def _role_name(value: str) -> str:
    """CIS2 writes role names as a path ('"Clinical":"Clinical Provision":"Nurse Access Role"'):
    the last part is the one people know."""
    return value.split(":")[-1].strip().strip('"').strip() or value


def end_session_url(sign_in: dict, *, post_logout_redirect_uri: str) -> str | None:
    """RP-initiated logout: where to send the person so the provider ends its session too."""
    endpoint = sign_in.get("end_session_endpoint")
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": sign_in.get("id_token", ""),
            "post_logout_redirect_uri": post_logout_redirect_uri,
            "client_id": sign_in.get("client_id", ""),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
