from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from followon.core.forms import DateFieldsMixin, NhsDateField, NhsMessagesMixin
from followon.organisations.models import StaffRole
from followon.organisations.selectors import staff_users
from followon.peergroups.models import GroupMembership, GroupRole, PeerGroup


class GroupForm(NhsMessagesMixin, forms.Form):
    name = forms.CharField(
        label=_("Group name"),
        max_length=120,
        help_text=_("Members can change it later. For example, Tuesday morning group"),
        error_messages={"required": _("Enter a name for the group")},
    )
    meeting_pattern = forms.CharField(
        label=_("When it plans to meet (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example, every other Tuesday morning"),
    )
    area = forms.CharField(
        label=_("Where it plans to meet (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example, cafés around Southmead"),
    )
    supporter = forms.ModelChoiceField(
        label=_("Patient tutor volunteer supporting the group"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("No PTV for now"),
        help_text=_("They are asked to come to the first three meetings, then step back"),
    )

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supporter"].queryset = staff_users(service, StaffRole.Role.PTV).order_by("preferred_name")
        self.fields["supporter"].label_from_instance = lambda user: user.preferred_name


class RoleForm(NhsMessagesMixin, forms.Form):
    role = forms.ChoiceField(
        label=_("Which role would you like to take on?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select a role")},
    )

    def __init__(self, *args, free_roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, GroupRole.Role(r).label) for r in free_roles]


class LeaveForm(NhsMessagesMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Can you tell us why you are leaving? (optional)"),
        choices=GroupMembership.LeaveReason.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("This helps the pain service. The group does not see your reason"),
        error_messages={"required": _("Select why you are leaving, or leave it blank")},
    )


class RemovalForm(NhsMessagesMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Which part of the group's agreement is this about?"),
        choices=GroupMembership.RemovalReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the reason for removing this member")},
        help_text=_("The pain service sees the reason. The member and the group do not"),
    )


class TransitionForm(NhsMessagesMixin, DateFieldsMixin, forms.Form):
    to_status = forms.ChoiceField(
        label=_("What has happened to the group?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what has happened to the group")},
    )
    effective_on = NhsDateField(
        label=_("Since when (optional)"),
        label_lower=pgettext_lazy("a field, in an error message", "date"),
        required=False,
        help_text=_("Leave blank for today"),
    )
    merged_into = forms.ModelChoiceField(
        label=_("If it merged, which group did it join?"),
        queryset=PeerGroup.objects.none(),
        required=False,
        empty_label=_("Not merged"),
        error_messages={"required": _("Select the group it joined")},
    )

    LABELS = {
        PeerGroup.Status.ACTIVE: _("It is meeting again (active)"),
        PeerGroup.Status.PAUSED: _("It has paused for now"),
        PeerGroup.Status.FOLDED: _("It has stopped meeting (folded)"),
        PeerGroup.Status.MERGED: _("It has merged into another group"),
    }

    def __init__(self, *args, allowed, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, self.LABELS[s]) for s in allowed if s in self.LABELS]
        self.fields["merged_into"].queryset = targets
        self.fields["merged_into"].label_from_instance = lambda g: g.name
        if PeerGroup.Status.MERGED not in allowed:
            del self.fields["merged_into"]
