"""Signals other apps can listen to (sent inside the writing transaction)."""

from django.dispatch import Signal

# invitation_accepted(sender=Invitation, invitation=..., user=...): e.g. the
# programmes app enrols the user when invitation.purpose == "programme" and
# invitation.target_public_id names one of its programmes.
invitation_accepted = Signal()

# account_closed(sender=User, user=..., service=...): remove or anonymise what
# an app holds about the member (their name and contact details are already gone).
account_closed = Signal()
