"""The standard wording of each consent notice: version 1 for a new service.

A service admin can change any of them; every change is a new version. What the duty clinician may
see of a board comes from core/board_privacy.py, the same place the queue takes its rule from.
Changing this wording needs a data migration that publishes it as a new version to the services
still using the old standard text (accounts/migrations/0004 is the pattern).
"""

from followon.accounts.models import ConsentKind
from followon.core.board_privacy import CLINICIAN_SEES

DEFAULT_NOTICES = {
    ConsentKind.PRIVACY: (
        "How we use your information",
        "FollowOn is run by your NHS pain service to help you stay in touch with the people from your "
        "pain management programme.\n\n"
        "We keep your name, how to contact you, the groups you join and what you choose to share. "
        "Staff at your pain service can see your name and contact details. They cannot read your "
        f"group's board, with one exception.\n\n{CLINICIAN_SEES}\n\n"
        "We never sell your information or use it for advertising. You can download everything we hold "
        "about you, and ask for your account to be closed, at any time from Your account.",
    ),
    ConsentKind.SAFETY_SCREEN: (
        "Keeping group messages safe",
        "Before your message is posted to your group, a computer checks it for words that suggest someone "
        "may be at risk of harm. We call this the message check.\n\n"
        "If it finds them, you will see where to get help straight away, and the duty clinician at your "
        "pain service is told so they can check you are OK.\n\n"
        f"{CLINICIAN_SEES} Nobody else at your pain service reads your group's board.\n\n"
        "You need to agree to this before you can post in a group.",
    ),
    ConsentKind.CONTACT_SHARING: (
        "Sharing your contact details with your group",
        "If you agree, the people in your programme or group can see the contact details you choose to "
        "share, so you do not lose touch when the programme ends.\n\n"
        "You choose which details to share. If you change your mind, your details are hidden from the "
        "group straight away.",
    ),
    ConsentKind.RESEARCH: (
        "Using your information for research",
        "If you agree, researchers working with your pain service can use information about how groups "
        "are going (for example, how often people meet and your answers to questionnaires) to find out "
        "whether follow-on groups help.\n\n"
        "Researchers never see your name or contact details. Saying no does not change your care or "
        "your place in a group. You can change your mind at any time.",
    ),
}

# The notices that must say what the duty clinician may see of a group's board (ADR 0019).
NOTICES_ABOUT_THE_BOARD = (ConsentKind.SAFETY_SCREEN, ConsentKind.PRIVACY)


def says_what_the_clinician_sees(body: str) -> bool:
    """Does a notice's text (a service may write its own) carry FollowOn's words about the board?"""
    return CLINICIAN_SEES in " ".join(body.split())
