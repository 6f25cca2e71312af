from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "followon.meetings"
    label = "meetings"
