"""Celery entry points of the accounts: each calls one function, where the rules live."""

from celery import shared_task

from . import account_mail


@shared_task(bind=True, name=account_mail.SEND_TASK, ignore_result=True, acks_late=True)
def send_account_email(self, message: dict) -> None:
    """Send one account email rendered by the web process (advocacy/account_mail.py)."""
    account_mail.deliver_or_retry(self, message)
