"""System checks of what the app needs beside its Python packages."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.staticfiles)
def bootstrap_installed(app_configs, **kwargs):
    """Bootstrap comes from npm (package.json): without `npm ci` collectstatic would
    quietly leave every page unstyled and without its menus."""
    if (settings.BOOTSTRAP_DIR / "css" / "bootstrap.min.css").is_file():
        return []
    return [
        Error(
            f"Bootstrap is missing from {settings.BOOTSTRAP_DIR}.",
            hint="Install the npm packages of package-lock.json: npm ci --ignore-scripts "
            "(make run and make test do it; in production: npm ci --omit=dev "
            "--ignore-scripts).",
            id="advocacy.E001",
        )
    ]
