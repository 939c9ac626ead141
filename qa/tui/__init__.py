"""The Textual review app behind `qa review` — the only package of qa that imports Textual.

Entry point: `qa.tui.app.ReviewApp(source, ledger)`; `qa.tui.source` holds the seam to detection
and corrections.
"""
