"""A person's rights over their data: the export of everything stored about them (/mydata) as JSON and PDF,
and the operator's retention policy that `cbt-bot purge` applies. Erasure itself is storage's
(`tx.privacy.erase_person`)."""

from bot.privacy.export import export_personal_json, export_personal_pdf
from bot.privacy.retention import RetentionConfigError, RetentionPolicy

__all__ = ["RetentionConfigError", "RetentionPolicy", "export_personal_json", "export_personal_pdf"]
