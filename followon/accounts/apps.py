from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "followon.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from followon.accounts import my_data, receivers  # noqa: F401 - registers signal receivers and data sections
        from followon.accounts.security import HAS_TOTP_COLUMN, has_totp_column, mfa_gate
        from followon.accounts.selectors import member_primary_service
        from followon.core import hooks, staff_gates
        from followon.core.accessibility import MEMBER_SERVICE_HOOK
        from followon.notifications.registry import register_member_service

        staff_gates.register(mfa_gate, reads={HAS_TOTP_COLUMN: has_totp_column})
        register_member_service(member_primary_service)
        hooks.register(MEMBER_SERVICE_HOOK, member_primary_service)
