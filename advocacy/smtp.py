"""What an SMTP failure means, read once for every sender (the outbox, account emails)."""

import smtplib


def smtp_code(exc: Exception) -> int | None:
    """The server's answer code, or None when it never answered (connection refused)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return min(codes) if codes else None
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code
    return None


def recipient_refused(exc: Exception) -> bool:
    """Only a 5xx answer to RCPT is about the address itself (a mailbox unknown): sending
    again will not help. Everything else may pass later."""
    code = smtp_code(exc)
    return isinstance(exc, smtplib.SMTPRecipientsRefused) and code is not None and code >= 500
