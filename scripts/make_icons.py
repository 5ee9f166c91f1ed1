"""Draw the app's icons (static/icons/*.png) from the favicon's own shapes, with Pillow.

The favicon (static/img/favicon.svg) is a campaign-red heart behind three bars on a white
tile. A phone wants bitmaps: 192 and 512 px for the web app manifest, a "maskable" 512 px
whose heart stays inside the central circle that launchers may crop to, and Apple's
180 px touch icon, opaque. Run it after changing the drawing and commit the PNGs:

    .venv/bin/python scripts/make_icons.py
"""

import math
from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
CAMPAIGN = (0x8B, 0x1E, 0x24)  # --campaign in static/css/site.css
WHITE = (255, 255, 255)
SUPERSAMPLE = 4  # drawn this many times larger, then reduced: smooth edges


def _cubic(p0, p1, p2, p3, steps=48):
    for i in range(1, steps + 1):
        t = i / steps
        yield tuple(
            (1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t**2 * c + t**3 * d
            for a, b, c, d in zip(p0, p1, p2, p3, strict=True)
        )


def _over_the_top(start, end, steps=48):
    """Half a circle from `start` to `end` (its diameter), clockwise through the top."""
    cx, cy = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
    radius = math.dist(start, end) / 2
    first = math.atan2(start[1] - cy, start[0] - cx)
    for i in range(1, steps + 1):
        angle = first + math.pi * i / steps
        yield cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def heart() -> list[tuple[float, float]]:
    """The favicon's heart path, on its 32 × 32 grid."""
    points = [(16, 27)]
    points += _cubic((16, 27), (10, 23), (6, 19), (6, 14))
    points += _over_the_top((6, 14), (16, 12))
    points += _over_the_top((16, 12), (26, 14))
    points += _cubic((26, 14), (26, 19), (22, 23), (16, 27))
    return points


BARS = [((12, 9), (12, 23)), ((16, 10), (16, 26)), ((20, 9), (20, 23))]


def draw(size: int, *, maskable: bool = False, opaque: bool = False) -> Image.Image:
    """The icon at `size` px: the favicon's white rounded tile (a full square when
    `opaque`, as Apple wants), or for a maskable icon the whole square in the campaign's
    red with a white heart inside the safe central 80 %."""
    big = size * SUPERSAMPLE
    if maskable or opaque:
        image = Image.new("RGBA", (big, big), CAMPAIGN if maskable else WHITE)
    else:
        image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
        ImageDraw.Draw(image).rounded_rectangle((0, 0, big, big), radius=big * 6 / 32, fill=WHITE)
    pen = ImageDraw.Draw(image)
    # The 32-unit drawing fills the tile, or 60 % of a maskable icon (its heart then
    # lies well inside the circle of 40 % radius that any launcher mask keeps).
    scale = big / 32 * (0.6 if maskable else 1)
    offset = (big - 32 * scale) / 2

    def at(x, y):
        return offset + x * scale, offset + y * scale

    shape, bars = (WHITE, CAMPAIGN) if maskable else (CAMPAIGN, WHITE)
    pen.polygon([at(x, y) for x, y in heart()], fill=shape)
    for (x1, y1), (x2, y2) in BARS:
        pen.line([at(x1, y1), at(x2, y2)], fill=bars, width=round(1.6 * scale))
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    for name, size, kind in (
        ("icon-192.png", 192, {}),
        ("icon-512.png", 512, {}),
        ("maskable-192.png", 192, {"maskable": True}),
        ("maskable-512.png", 512, {"maskable": True}),
        ("apple-touch-icon.png", 180, {"opaque": True}),
    ):
        image = draw(size, **kind)
        if kind:
            image = image.convert("RGB")  # no transparency to keep: smaller files
        image.save(ICONS / name, optimize=True)
        print(ICONS / name)


if __name__ == "__main__":
    main()
