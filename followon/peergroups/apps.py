from django.apps import AppConfig


class PeergroupsConfig(AppConfig):
    name = "followon.peergroups"
    label = "peergroups"

    def ready(self):
        from followon.core import hooks
        from followon.peergroups import receivers, selectors  # noqa: F401 - receivers connect the signal receivers
        from followon.programmes.selectors import OPEN_GROUPS_HOOK, PROGRAMME_GROUPS_HOOK

        # Programme pages list the programme's groups (core.hooks).
        hooks.register(PROGRAMME_GROUPS_HOOK, selectors.groups_for_programme)
        hooks.register(OPEN_GROUPS_HOOK, selectors.programme_open_groups_for_member)
