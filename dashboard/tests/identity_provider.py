"""A local OpenID Connect provider for the login test: ``oidc-provider-mock`` (a Flask app on
Authlib) serving discovery, JWKS, an authorization form and a token endpoint that issues ID
tokens signed with its own RSA key; and, on the same address, the two ways a provider's answer
can be bad:

- ``expired``: a second provider instance whose ID tokens expired ten minutes before they were
  issued (signed with its own key, which its JWKS publishes: only the expiry is wrong);
- ``forged``: the genuine provider's token response with the ID token rewritten by an attacker:
  the e-mail claim replaced, and signed with a key of the attacker's under the provider's header.

The authorization form takes any subject; an unknown subject gets the claims
``{"email": <subject>}``, so a test signs in as an e-mail address by typing it.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Literal

import oidc_provider_mock
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

Mode = Literal["genuine", "expired", "forged"]
TOKEN_PATH = "/oauth2/token"


def _claims(token: str) -> tuple[dict, dict]:
    """The header and claims of a JWT, read without checking anything."""
    header, payload, _ = token.split(".")

    def decode(part: str) -> dict:
        return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))

    return decode(header), decode(payload)


class IdentityProvider:
    """The WSGI app: the genuine provider, or one of the bad answers, by ``mode``."""

    def __init__(self, forged_email: str) -> None:
        self.genuine = oidc_provider_mock.app()
        self.expired = oidc_provider_mock.app(access_token_max_age=timedelta(minutes=-10))
        self.attacker_key = RSAKey.generate_key(2048)
        self.forged_email = forged_email
        self.mode: Mode = "genuine"
        self.issued: list[str] = []  # the ID tokens handed out, newest last
        self.url = ""

    def __call__(self, environ: dict, start_response: object) -> Iterable[bytes]:
        app = self.expired if self.mode == "expired" else self.genuine
        if environ.get("PATH_INFO") != TOKEN_PATH:
            return app(environ, start_response)
        response = Response.from_app(app, environ)
        body = json.loads(response.get_data())
        if "id_token" in body:
            if self.mode == "forged":
                header, claims = _claims(body["id_token"])
                claims["email"] = self.forged_email
                # The provider's header (algorithm, key id if any), the attacker's signature.
                body["id_token"] = jwt.encode(header, claims, self.attacker_key)
                response.set_data(json.dumps(body))
            self.issued.append(body["id_token"])
        return response(environ, start_response)

    def jwks(self) -> dict:
        """The key set the provider publishes in the current mode."""
        app = self.expired if self.mode == "expired" else self.genuine
        with app.test_client() as client:
            return client.get("/jwks").get_json()


@contextmanager
def running_provider(forged_email: str) -> Iterator[IdentityProvider]:
    """The provider on http://localhost:<free port> in a thread, until the block ends."""
    provider = IdentityProvider(forged_email)
    server = make_server("localhost", 0, provider, threaded=True)
    provider.url = f"http://localhost:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def claims_of(token: str) -> dict:
    """The claims of an ID token, unverified (the test checks what the provider issued)."""
    return _claims(token)[1]


def verifies(token: str, key_set: dict) -> bool:
    """Whether ``token``'s signature verifies with one of the keys of ``key_set``."""
    from joserfc.errors import JoseError
    from joserfc.jwk import KeySet

    try:
        jwt.decode(token, KeySet.import_key_set(key_set))
    except (JoseError, ValueError):
        return False
    return True
