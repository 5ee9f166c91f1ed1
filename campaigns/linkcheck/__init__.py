"""The censorship watch: is a volunteer's logged post still online?

- `fetch`: safe fetching of addresses volunteers typed (no private addresses, no DNS
  rebinding, size and time limits, per-host politeness shared through Redis).
- `checkers`: what each platform's documented public endpoint answers, read as a status.
- `schedule`, `tasks`: when each post is due a check, and the Celery tasks (queue `links`)
  that check due posts in chunks, once each, and keep every check in `LinkCheck`.
"""
