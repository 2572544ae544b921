"""The therapist's side of the bot.

Reviewing, exporting and charting a client's exercises (pure functions of stored records — the session row,
its transcript and the flow it ran; no Telegram, no SQL, nothing logged; callers check access and write the
audit entry):

    review.py        build_review, review_pages, exercise_list_line, newest_first
    cards.py         build_card (the compact card of one exercise), card_lines, card_text
    export_json.py   export_json        export_csv.py   export_csv
    export_pdf.py    export_pdf         charts.py       progress_points, progress_chart
    texts.py         their texts in English and Russian

Import the modules one by one: the PDF and chart modules load fpdf2 and matplotlib, which the rest of the
bot does not need.
"""
