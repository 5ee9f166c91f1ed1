"""The version of what drew a kept piece of HTML (issue 17): a digest that changes with
a deploy that changes how it looks or reads, so that a kept copy is never served after
the code that drew it has gone. Each keeper names what it is drawn with."""

import hashlib
from pathlib import Path

import django
from django.conf import settings
from django.template.loader import get_template

ROOT = Path(__file__).resolve().parent.parent


def code_digest(templates=(), sources=(), *more, root: Path = ROOT) -> str:
    """A digest of Django's version, the compiled translations of this process, the
    source of `templates`, the Python files under `root` matching the globs `sources`,
    and `more` (settings shown, other versions)."""
    digest = hashlib.sha256(django.__version__.encode())
    for folder in settings.LOCALE_PATHS:
        for catalog in sorted(Path(folder).glob("*/LC_MESSAGES/django.mo")):
            stat = catalog.stat()
            digest.update(f"{catalog}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    for name in templates:
        digest.update(get_template(name).template.source.encode())
    for pattern in sources:
        for path in sorted(root.glob(pattern)):
            digest.update(path.read_bytes())
    digest.update(repr(more).encode())
    return digest.hexdigest()[:16]
