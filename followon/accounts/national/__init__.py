"""Signing in with NHS login (members) and NHS CIS2 (staff): the pages, on top of followon.identity.

identity knows the protocol, the keys, each service's routes and the identity links;
this package decides who the person is in FollowOn (a linked identity, an invitation
carrying the link intent, a verified email or mobile the member confirms) and signs
them in. docs/adr/0022-national-sign-in-with-authlib.md explains the choices.
"""
