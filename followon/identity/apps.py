from django.apps import AppConfig


class IdentityConfig(AppConfig):
    """National identities: NHS login (members) and NHS CIS2 (staff) over OpenID Connect.

    Below accounts in the layer order: it knows the protocol, the keys, each service's
    configuration and the links between a national identity and a FollowOn user. The
    sign-in pages that use it live in accounts (followon/accounts/national/).
    """

    name = "followon.identity"
    label = "identity"
    verbose_name = "National sign-in (NHS login, CIS2)"
