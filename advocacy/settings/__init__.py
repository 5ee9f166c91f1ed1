"""Settings for the advocacy project, configured by the environment.

Every variable is documented in `.env.example`. A `.env` file beside manage.py is
read when present; real environment variables win over it. The settings are read in
parts, each one a module of this package, in this order:

- `base`: apps, middleware, templates, database, cache, languages, files, email;
- `accounts`: sign-up, sign-in, second factor, rate limits (django-allauth);
- `tasks`: Celery, the beat schedule, reminders and the censorship watch;
- `security`: cookies, HTTPS behind a proxy, headers, the Content Security Policy;
- `operations`: logs and error reporting.
"""

from .accounts import *  # noqa: F403
from .base import *  # noqa: F403
from .operations import *  # noqa: F403
from .security import *  # noqa: F403
from .tasks import *  # noqa: F403
