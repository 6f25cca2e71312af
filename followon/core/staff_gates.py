"""Checks that run before every staff page, in order.

A gate takes the request and returns None to let it through or a response
(usually a redirect) to stop it. The accounts app registers the MFA gate.
"""

GATES: list = []


def register(gate) -> None:
    if gate not in GATES:
        GATES.append(gate)
