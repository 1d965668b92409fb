"""Where alerts go: the app, the desktop, and webhooks (generic JSON, ntfy, Telegram).

Each sink is a small adapter with one method, ``send(alert)``, that either delivers or raises
:class:`AlertDeliveryError` with a sentence safe to journal (never a URL that carries a token).
The watcher (``assistant.watch``) decides *what* to alert; this package only delivers.
"""

from .desktop import DesktopSink, desktop_available
from .protocol import AlertDeliveryError, AlertSink, CollectingSink
from .webhooks import JsonWebhookSink, NtfySink, TelegramSink

__all__ = [
    "AlertDeliveryError",
    "AlertSink",
    "CollectingSink",
    "DesktopSink",
    "JsonWebhookSink",
    "NtfySink",
    "TelegramSink",
    "desktop_available",
]
