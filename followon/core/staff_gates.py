"""Checks that run before every staff page, in order.

A gate takes the request and returns None to let it through or a response
(usually a redirect) to stop it. The accounts app registers the MFA gate.

A gate may also name what it needs to know about the person as a column read with their staff roles
(`reads`: annotation name -> a function giving the expression, correlated with the role row's
`user_id`): @staff_required reads the roles once, with those columns, so the gate need not ask the
database again (issue 16, ADR 0036). The column is on every role row; a person with no active role
has no rows, and the gate asks for itself then.
"""

GATES: list = []
ROLE_READS: dict = {}


def register(gate, *, reads: dict | None = None) -> None:
    if gate not in GATES:
        GATES.append(gate)
    for name, expression in (reads or {}).items():
        ROLE_READS[name] = expression
