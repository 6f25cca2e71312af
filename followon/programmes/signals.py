"""Facts the programmes app announces, for apps above it to act on (sent inside the writing
transaction, so a receiver's writes commit or roll back with it)."""

from django.dispatch import Signal

# enrolment_joined(sender=Enrolment, enrolment=...): a member has joined a programme (or joined it
# again). The outcomes app plans the member's questionnaires.
enrolment_joined = Signal()

# interest_given(sender=Enrolment, enrolment=...): a participant now says yes or maybe to a
# follow-on group (and did not before). The groups app invites them to the programme's open groups.
interest_given = Signal()
