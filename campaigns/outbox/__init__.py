"""The outbox: every email the campaign sends of its own accord (OutgoingEmail rows).

- schedule.py: the tick (beat, every 15 minutes) writes the rows that are due, once.
- send.py: a worker claims each row, renders it (emails.py) and sends it; retries.
- sweep.py: re-queues what a lost broker message or a killed worker left behind.
- emails.py: the one builder that turns a row into a message.

The database is the source of truth, the broker only a doorbell.
"""
