"""
Signals of decisions' workflows, for the apps above (decisions imports none of them).

``minutes_adjusted`` is sent by ``decisions.services.meeting_adjust`` inside its transaction,
after the minutes are marked adjusted, with ``meeting``, ``user`` and ``reason``. A receiver
that raises undoes the adjustment with its own change: what the minutes decided takes effect
together with them or not at all (directions adopts the versions their beslut names).
"""

from django.dispatch import Signal

minutes_adjusted = Signal()
