"""A strict local stand-in for the Telegram Bot API, for end-to-end tests of the real PTB Application.

async with TelegramStandIn.start() as tg:
    bot = Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url)
    alice = tg.user(1001, "Alice")
    await alice.send("/start")
    reply = await alice.next_message()
"""

from .chats import ChatEvent
from .faults import Fault
from .messages import MessageVersion, MessageView, UploadedFile
from .people import SimulatedUser
from .stand_in import TelegramStandIn
from .state import ApiCall, CallbackQuery
from .webhook_delivery import SECRET_HEADER, DeliveryAttempt, WebhookConfig

__all__ = [
    "SECRET_HEADER",
    "ApiCall",
    "CallbackQuery",
    "ChatEvent",
    "DeliveryAttempt",
    "Fault",
    "MessageVersion",
    "MessageView",
    "SimulatedUser",
    "TelegramStandIn",
    "UploadedFile",
    "WebhookConfig",
]
