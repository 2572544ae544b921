"""What /mydata sends: everything stored about the person, as JSON (complete, machine-readable) and as a PDF
(to read)."""

from bot.privacy.export_json import export_personal_json
from bot.privacy.export_pdf import export_personal_pdf

__all__ = ["export_personal_json", "export_personal_pdf"]
