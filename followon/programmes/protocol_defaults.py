"""The shipped hand-over protocol and information sheet.

Taken from the follow-on group protocol co-produced at North Bristol NHS
Trust (Farr et al.): over the final three sessions of a programme the patient
tutor volunteer (PTV) and clinician hand over from the clinical team to the
participants. A service starts from these and its service admin edits them.
"""

from django.utils.translation import gettext, gettext_noop

# (sessions before the end, lead, title, guidance)
DEFAULT_PROTOCOL_STEPS: list[tuple[int, str, str, str]] = [
    (
        3,
        "ptv",
        gettext_noop("PTV shares their personal account of a follow-on group"),
        gettext_noop(
            "The PTV talks about their own programme and what meeting up afterwards has meant to them. "
            "Participants valued hearing how someone like them kept going."
        ),
    ),
    (
        3,
        "together",
        gettext_noop("Introduce follow-on groups and give out the information sheet"),
        gettext_noop(
            "Explain what a follow-on group is, and that it belongs to the participants. Show participants where "
            "the information sheet is in FollowOn, and hand out printed copies for anyone who wants one."
        ),
    ),
    (
        3,
        "ptv",
        gettext_noop("Share practical suggestions"),
        gettext_noop(
            "How groups usually meet (cafés, community rooms, a walk), how often, and what they do together: "
            "goal setting, pacing, support through flare-ups. Texting counts too when someone cannot come."
        ),
    ),
    (
        3,
        "clinician",
        gettext_noop("Send the follow-on group question to participants"),
        gettext_noop(
            "Participants answer yes, maybe or no by text message link or in FollowOn, with the days, times "
            "and places that suit them. You will see how many answered and the totals, not individual answers."
        ),
    ),
    (
        2,
        "together",
        gettext_noop("Talk through where and when to meet"),
        gettext_noop(
            "Use the totals of preferred days, times and places. Remember afternoon fatigue, work patterns and "
            "travel. More than one group is fine if people want different days or areas."
        ),
    ),
    (
        2,
        "together",
        gettext_noop("Agree how the group will keep in touch"),
        gettext_noop(
            "Ask everyone to choose, in FollowOn, which of their contact details the others may see. "
            "Nobody has to share anything, and anyone can stop sharing at any time."
        ),
    ),
    (
        2,
        "together",
        gettext_noop("Explain the group roles"),
        gettext_noop(
            "Coordinator, co-coordinator, sends reminders, finds venues. Sharing roles keeps the load light; "
            "the co-coordinator steps in when the coordinator is unwell."
        ),
    ),
    (
        1,
        "clinician",
        gettext_noop("Form the follow-on group in FollowOn"),
        gettext_noop("Create the group (or groups) from this programme. Everyone who said yes or maybe is invited."),
    ),
    (
        1,
        "together",
        gettext_noop("Coordinator chosen"),
        gettext_noop("A volunteer takes the coordinator role in FollowOn. Others can take the other roles."),
    ),
    (
        1,
        "together",
        gettext_noop("First meeting date agreed"),
        gettext_noop("Agree the date, time and place of the first meeting before the last session ends."),
    ),
    (
        1,
        "ptv",
        gettext_noop("PTV arranges to attend the first three meetings"),
        gettext_noop(
            "The PTV supports the group at its first three meetings and then steps back. FollowOn thanks "
            "them and detaches them after the third meeting is recorded."
        ),
    ),
]

DEFAULT_INFORMATION_SHEET_TITLE = gettext_noop("Follow-on groups: staying together after your programme")

# Each paragraph is a msgid: a service that has not changed the shipped sheet shows it in the page's
# language (sheet_in_language); a sheet the service wrote shows as written.
DEFAULT_INFORMATION_SHEET_PARAGRAPHS = [
    gettext_noop(
        "A follow-on group is a group of people from your pain management programme who keep meeting after "
        "the programme ends. The group belongs to you and the other members, not to the pain service."
    ),
    gettext_noop(
        "Why meet? The benefits of a programme can fade over the months after it ends. People in follow-on "
        "groups told us that meeting helped them keep up goal setting and pacing, get through flare-ups, and "
        'feel less alone. "We understand each other, we don\'t judge."'
    ),
    gettext_noop(
        "How it starts. In the last three sessions your patient tutor volunteer (PTV) talks about follow-on "
        "groups and you decide whether you would like to join. You can answer yes, maybe or no, and you can "
        "change your mind later."
    ),
    gettext_noop(
        "Keeping in touch. In FollowOn you choose which of your contact details (name, mobile number, email "
        "address) the other members of your programme can see. You only see the details of people who chose "
        "to share theirs, and you can stop sharing at any time."
    ),
    gettext_noop(
        "Where and when. Groups meet in cafés, community rooms or on a walk, at times that suit their "
        "members. Tell us which days, times and places suit you, and how far you can travel. If you cannot "
        "come to a meeting, texting and phone calls still count."
    ),
    gettext_noop(
        "Roles. Groups work best when the load is shared: a coordinator, a co-coordinator who steps in when "
        "the coordinator is unwell, someone who sends reminders and someone who finds venues. Your PTV will "
        "come to your first three meetings and then step back."
    ),
    gettext_noop(
        "If a group is not right for you, that is fine. You can leave at any time, and you can ask about "
        "joining a different group."
    ),
    gettext_noop(
        'If you are in crisis, do not wait for your group. Use the "Need help now?" link at the top of every page.'
    ),
]
DEFAULT_INFORMATION_SHEET_BODY = "\n\n".join(DEFAULT_INFORMATION_SHEET_PARAGRAPHS)


_SHIPPED_STEP_WORDING = frozenset(
    text for _k, _lead, title, guidance in DEFAULT_PROTOCOL_STEPS for text in (title, guidance)
)


def step_in_language(text: str) -> str:
    """A hand-over step's title or guidance in the active language while it is the shipped wording; a
    step the service wrote or changed shows as written."""
    return gettext(text) if text in _SHIPPED_STEP_WORDING else text


def sheet_in_language(title: str, paragraphs: list[str]) -> tuple[str, list[str]]:
    """The sheet's title and paragraphs in the active language where they are the shipped wording."""
    defaults = {DEFAULT_INFORMATION_SHEET_TITLE, *DEFAULT_INFORMATION_SHEET_PARAGRAPHS}
    return (
        gettext(title) if title in defaults else title,
        [gettext(paragraph) if paragraph in defaults else paragraph for paragraph in paragraphs],
    )


# Default steps FollowOn ticks itself when it sees them done (ProtocolEvent): a clinician who sends the
# question or forms the group in FollowOn should not have to tick the checklist as well.
DEFAULT_STEP_EVENTS: dict[str, str] = {
    "Send the follow-on group question to participants": "interest_question_sent",
    "Form the follow-on group in FollowOn": "group_formed",
}
