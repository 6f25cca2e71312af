"""The client key: from the environment or a file, the JWKS it publishes, the assertion it signs."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from followon.identity import keys, oidc


@pytest.fixture
def key_pair():
    return RSAKey.generate_key(2048, private=True, auto_kid=True)


def test_the_signing_key_comes_from_the_environment_with_escaped_newlines(settings, key_pair):
    settings.NATIONAL_IDENTITY_SIGNING_KEY = key_pair.as_pem(private=True).decode().replace("\n", "\\n")
    assert keys.signing_key().kid == key_pair.thumbprint()


def test_the_signing_key_comes_from_a_file(settings, key_pair, tmp_path):
    path = tmp_path / "client.pem"
    path.write_bytes(key_pair.as_pem(private=True))
    settings.NATIONAL_IDENTITY_SIGNING_KEY = ""
    settings.NATIONAL_IDENTITY_SIGNING_KEY_FILE = str(path)
    assert keys.signing_key().kid == key_pair.thumbprint()


def test_an_unreadable_key_file_or_a_public_key_says_what_is_wrong(settings, key_pair, tmp_path):
    settings.NATIONAL_IDENTITY_SIGNING_KEY_FILE = str(tmp_path / "missing.pem")
    with pytest.raises(ImproperlyConfigured, match="NATIONAL_IDENTITY_SIGNING_KEY_FILE"):
        keys.signing_key()
    settings.NATIONAL_IDENTITY_SIGNING_KEY = key_pair.as_pem(private=False).decode()
    with pytest.raises(ImproperlyConfigured, match="private key"):
        keys.signing_key()


def test_production_without_a_key_refuses_with_a_page_not_a_crash(settings, client, national, service):
    settings.NATIONAL_IDENTITY_SIGNING_KEY = ""
    settings.NATIONAL_IDENTITY_SIGNING_KEY_FILE = ""
    settings.NATIONAL_IDENTITY_EPHEMERAL_KEY_ALLOWED = False
    with pytest.raises(ImproperlyConfigured):
        keys.signing_key()
    national.enable(service)
    response = client.get("/sign-in/nhs-login/")
    assert response.status_code == 503 and "NHS login is not working" in response.content.decode()
    assert client.get("/.well-known/jwks.json").status_code == 503


def test_the_jwks_serves_public_halves_only_and_both_keys_during_a_roll_over(client, settings, key_pair):
    next_key = RSAKey.generate_key(2048, private=True, auto_kid=True)
    settings.NATIONAL_IDENTITY_SIGNING_KEY = key_pair.as_pem(private=True).decode()
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert [k["kid"] for k in response.json()["keys"]] == [key_pair.thumbprint()]
    settings.NATIONAL_IDENTITY_EXTRA_PUBLIC_KEY = next_key.as_pem(private=False).decode()
    published = client.get("/.well-known/jwks.json").json()["keys"]
    assert [k["kid"] for k in published] == [key_pair.thumbprint(), next_key.thumbprint()]
    for jwk in published:
        assert jwk["alg"] == "RS512" and jwk["use"] == "sig" and jwk["kty"] == "RSA"
        assert not {"d", "p", "q", "dp", "dq", "qi"} & set(jwk)


def test_the_client_assertion_is_short_lived_rs512_for_the_token_endpoint(settings, key_pair):
    settings.NATIONAL_IDENTITY_SIGNING_KEY = key_pair.as_pem(private=True).decode()

    class Auth:
        client_id = "followon-client"
        client_secret = keys.signing_key()

    first = oidc._ClientAssertion().sign(Auth(), "https://provider.example/token")
    second = oidc._ClientAssertion().sign(Auth(), "https://provider.example/token")
    public = KeySet.import_key_set(keys.public_jwks())
    token = jwt.decode(first, public, algorithms=["RS512"])
    claims = token.claims
    assert (
        token.header == {"alg": "RS512", "kid": key_pair.thumbprint(), "typ": "JWT"} or token.header["alg"] == "RS512"
    )
    assert claims["iss"] == claims["sub"] == "followon-client"
    assert claims["aud"] == "https://provider.example/token"
    assert claims["exp"] - claims["iat"] == oidc.ASSERTION_LIFETIME_SECONDS <= 60
    assert claims["jti"] != jwt.decode(second, public, algorithms=["RS512"]).claims["jti"]
