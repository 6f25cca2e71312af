"""Where the notifications tasks used to be declared. Each task now lives next to the code it runs
(delivery.deliver_message, services.send_reminder, services.send_digests, sweep.run_daily_job).

A task is stored in the queue by its module path, so tasks queued before that move still name this
module: these names keep them running. Nothing else should import from here.
"""

from followon.notifications.delivery import deliver_message
from followon.notifications.services import send_digests, send_reminder
from followon.notifications.sweep import run_daily_job

__all__ = ["deliver_message", "run_daily_job", "send_digests", "send_reminder"]
