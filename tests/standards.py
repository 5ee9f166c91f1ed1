"""Suites no one here wrote: axe-core (WCAG A and AA, in Chromium) and the Nu Html Checker.

Shared by the page run (tests/browser/test_standards.py) and the emails' tests. Both
tools come from npm (package.json, package-lock.json; `make test` runs `npm ci` when
node_modules is missing or the lockfile changed) and are read from node_modules at
test time: nothing is fetched while the tests run. The checker runs on Debian's Java.
"""

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# WCAG 2.0, 2.1 and 2.2, levels A and AA: what the campaign promises (issue 11).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VNU_OPTIONS = ["--format", "json", "--stdout", "--exit-zero-always"]
MISSING = "{} is missing: `make test` installs it (npm ci; Debian's default-jre-headless)."


@dataclass(frozen=True)
class Finding:
    """One complaint of either tool, about one spot of one document."""

    tool: str  # "axe" or "vnu"
    rule: str  # axe's rule id, or vnu's message
    document: str  # the page's name in the run (URL, role, language, width)
    where: str  # axe's CSS selector of the node, or vnu's line:column and extract

    def __str__(self) -> str:
        return f"{self.tool} {self.rule}  {self.document}  {self.where}"


def report(findings: list[Finding], examples: int = 3) -> str:
    """A readable list for an assertion message: by rule, each spot with the number of
    documents it is found in and a few of them (the header's links are on every page)."""
    spots: dict[tuple[str, str], dict[str, list[str]]] = {}
    for finding in findings:
        rule = spots.setdefault((finding.tool, finding.rule), {})
        rule.setdefault(finding.where, []).append(finding.document)
    lines = [f"{len(findings)} findings of {len(spots)} rules:"]
    for (tool, rule), where in sorted(spots.items(), key=lambda kv: -sum(map(len, kv[1].values()))):
        lines.append(f"{tool} {rule}: {sum(map(len, where.values()))}")
        for spot, documents in where.items():
            shown = "; ".join(documents[:examples]) + ("; …" if len(documents) > examples else "")
            lines.append(f"    {spot}  in {len(documents)}: {shown}")
    return "\n".join(lines)


def _axe_source() -> str:
    if not AXE_JS.exists():
        raise RuntimeError(MISSING.format(AXE_JS))
    return AXE_JS.read_text(encoding="utf-8")


def start_axe(page) -> None:
    """Start axe-core on what `page` (a Playwright page) shows now, without waiting:
    the page's renderer works while the caller loads another page (axe_results waits).

    axe is evaluated through the DevTools protocol, which the page's
    Content-Security-Policy does not govern: the page runs under its real CSP. A
    context can also load it into every page: `context.add_init_script(path=AXE_JS)`.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    page.evaluate(
        """tags => { window.__axeRun = axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        }).then(results => results.violations.map(v => ({
            id: v.id,
            targets: v.nodes.map(n => n.target.join(" ")),
        }))); }""",
        AXE_TAGS,
    )


def axe_results(page, document: str | None = None) -> list[Finding]:
    """The violations of the run start_axe began on `page`, once it is done."""
    violations = page.evaluate("() => window.__axeRun")
    name = document or page.url
    return [
        Finding("axe", violation["id"], name, target)
        for violation in violations
        for target in violation["targets"]
    ]


def axe_violations(page, document: str | None = None) -> list[Finding]:
    """axe-core's violations (WCAG 2.0, 2.1, 2.2 A and AA) on what `page` shows now."""
    start_axe(page)
    return axe_results(page, document)


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        raise RuntimeError(MISSING.format("java"))
    if not VNU_JAR.exists():
        raise RuntimeError(MISSING.format(VNU_JAR))
    return java


def _file_name(n: int, name: str) -> str:
    return f"{n:04d}-{re.sub(r'[^A-Za-z0-9_-]+', '_', name)[:80]}.html"


def vnu_errors(documents: dict[str, str]) -> list[Finding]:
    """The Nu Html Checker's errors (not its warnings) in `documents`: name -> HTML.

    One Java process checks them all: starting the JVM costs more than checking a page.
    """
    java = _java()
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        names = {}
        for n, (name, html) in enumerate(documents.items()):
            path = Path(folder) / _file_name(n, name)
            path.write_text(html, encoding="utf-8")
            names[path.name] = name
        files = sorted(str(Path(folder) / file) for file in names)
        result = subprocess.run(
            [java, "-jar", str(VNU_JAR), *VNU_OPTIONS, *files],
            capture_output=True,
            text=True,
            check=True,
        )
    messages = json.loads(result.stdout)["messages"]
    return [
        Finding(
            "vnu",
            message["message"],
            names.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url", "")),
            f"line {message.get('lastLine', '?')}:{message.get('firstColumn', '?')} "
            f"{message.get('extract', '').strip()!r}",
        )
        for message in messages
        if message["type"] != "info"  # "error" and "non-document-error"; not warnings
    ]
