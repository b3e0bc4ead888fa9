"""Settings of the worker processes the fault tests start and kill.

Redis hands a message that a dead worker took (and never acknowledged) to another worker after
the visibility timeout; production keeps kombu's hour, these workers three seconds, so a test can
watch the redelivery happen.
"""

from config.settings.test import *  # noqa: F403

CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 0,
    "visibility_timeout": 3,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
