"""Proposing, deciding and carrying out breakthroughs, within mandate and budget.

Concurrency: a transition locks the breakthrough row and checks the status the user saw (a stale
or second decision is refused); an approval also locks the budget pot row, so twenty approvals
racing on one pot are serialised and the pot never goes below zero (a CHECK constraint holds the
same invariant in the database).

Layout: `common` (audit purpose, TransitionError, role checks), `proposals` (create and edit a
draft), `transitions` (the review/escalation/decision workflow), `budget` (budget pots: create/edit, commit and spend),
`notifications` and `escalation` (deadlines), `reads` (audited reads for pages and API),
`levers` (the catalogue of legal levers). Import from this package, not from the modules.
"""

from breakthroughs.services.budget import (
    POT_FIELDS,
    budget_pot_errors,
    budget_pot_save,
    pots_for_team,
)
from breakthroughs.services.common import PURPOSE, TransitionError, may_act
from breakthroughs.services.escalation import process_deadlines
from breakthroughs.services.levers import (
    LEVER_FIELDS,
    legal_lever_save,
    legal_levers_sync_from_file,
    lever_errors,
    may_edit_levers,
)
from breakthroughs.services.notifications import notify
from breakthroughs.services.proposals import (
    PROPOSAL_FIELDS,
    breakthrough_propose,
    breakthrough_update_draft,
    doormodderen_default,
    total_cost,
)
from breakthroughs.services.reads import (
    record_list,
    record_queue,
    record_queue_read,
    record_read,
)
from breakthroughs.services.transitions import breakthrough_transition

__all__ = [
    "LEVER_FIELDS",
    "POT_FIELDS",
    "PROPOSAL_FIELDS",
    "PURPOSE",
    "TransitionError",
    "breakthrough_propose",
    "breakthrough_transition",
    "breakthrough_update_draft",
    "budget_pot_errors",
    "budget_pot_save",
    "doormodderen_default",
    "legal_lever_save",
    "legal_levers_sync_from_file",
    "lever_errors",
    "may_act",
    "may_edit_levers",
    "notify",
    "pots_for_team",
    "process_deadlines",
    "record_list",
    "record_queue",
    "record_queue_read",
    "record_read",
    "total_cost",
]
