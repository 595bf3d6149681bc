"""The one theme object: every colour and type size the views use, in three themes.

A `Theme` is a frozen set of colours (hex strings, "#rrggbbaa" where translucent) and flags;
`SIZES` the base type sizes (canvas text in scene pixels, widget text in points). A `Look`
is what a view reads: a theme plus the text scale and the stroke weight in force (the
presentation mode scales both). Views never hold colour or size constants of their own.

High contrast: black on white, heavier type and strokes, and every sign shown by a dash as
well as by colour, so that each value stays readable in greyscale.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtGui import QColor, QFont, QPalette


@dataclass(frozen=True)
class Theme:
    name: str                 # "light", "dark" or "high-contrast"
    title: str                # as the View menu says it
    # canvas
    background: str
    ink: str                  # text and outlines
    soft_ink: str             # captions, "… n more", button text
    node_outline: str
    pending_fill: str         # a value not computed yet for this example
    pending_ink: str
    input_fill: str           # layer 1 when units show z or δ (it has neither)
    bias_fill: str
    neutral_edge: str         # edges when the shown quantity does not exist yet (D)
    accent: str               # the current micro-step (purple: apart from blue / olive)
    accent_band: str
    accent_band_edge: str
    select: str
    select_glow: str
    button_fill: str
    button_hover: str
    button_edge: str
    pill: str                 # behind captions, so edges do not strike through them
    colormap: str = "CET-CBD1"
    faded: float = 0.25       # strength of edges not carrying the current step's values
    dense_faded: float = 0.55  # … of every edge of a dense layer pair (> DENSE_EDGES)
    # plots (Okabe–Ito colours, colour-blind safe)
    plot_background: str = "#ffffff"
    plot_ink: str = "#111111"
    cost: str = "#0b4f8a"
    cost_i: str = "#e69f00"
    J_so_far: str = "#b8450b"
    accuracy: str = "#006e4f"
    # the message bar: (background, text, border)
    error: tuple[str, str, str] = ("#fde8d7", "#5a1a00", "#c0501a")
    info: tuple[str, str, str] = ("#e6eef8", "#0d2a4a", "#4a78b0")
    # widgets (a QPalette for the window)
    window: str = "#efefef"
    base: str = "#ffffff"
    text: str = "#111111"
    button: str = "#e8e8e8"
    highlight: str = "#7b2fbe"
    link: str = "#0b4f8a"     # links in rich text (the lecture page, the inspector)
    # weight and signs
    bold: bool = False        # heavier type everywhere
    stroke: float = 1.0       # line width multiplier
    dash_negative_units: bool = False   # a unit with a negative value gets a dashed outline


LIGHT = Theme(
    "light", "Light",
    background="#ffffff", ink="#1a1a1a", soft_ink="#4a4a4a", node_outline="#3c3c3c",
    pending_fill="#f1f1f1", pending_ink="#8a8a8a", input_fill="#ffffff", bias_fill="#ffffff",
    neutral_edge="#c4c4c4", accent="#7b2fbe", accent_band="#7b2fbe1e",
    accent_band_edge="#7b2fbe6e", select="#111111", select_glow="#11111150",
    button_fill="#fafafa", button_hover="#e8e0f3", button_edge="#a8a8a8", pill="#ffffffe1")

DARK = Theme(
    "dark", "Dark",
    background="#1b1d21", ink="#ececec", soft_ink="#c4c7cc", node_outline="#d0d3d8",
    pending_fill="#2b2e34", pending_ink="#8e939b", input_fill="#24272c", bias_fill="#24272c",
    neutral_edge="#585c64", accent="#c493ff", accent_band="#c493ff2a",
    accent_band_edge="#c493ff8c", select="#ffffff", select_glow="#ffffff48",
    button_fill="#2a2d33", button_hover="#3e3552", button_edge="#6b7079", pill="#1b1d21e1",
    faded=0.3, dense_faded=0.6,
    plot_background="#1b1d21", plot_ink="#e6e6e6", cost="#56b4e9", cost_i="#e69f00",
    J_so_far="#ff8a4c", accuracy="#3fd0a0",
    error=("#4a2410", "#ffe0cc", "#e07a3a"), info=("#1c3350", "#dbe8fa", "#5b8fd0"),
    window="#25282d", base="#1b1d21", text="#ececec", button="#33373d", highlight="#9b5de5",
    link="#7cc4f0")

HIGH_CONTRAST = Theme(
    "high-contrast", "High contrast",
    background="#ffffff", ink="#000000", soft_ink="#000000", node_outline="#000000",
    pending_fill="#ffffff", pending_ink="#000000", input_fill="#ffffff", bias_fill="#ffffff",
    neutral_edge="#6e6e6e", accent="#5a00b4", accent_band="#5a00b426",
    accent_band_edge="#5a00b4", select="#000000", select_glow="#00000060",
    button_fill="#ffffff", button_hover="#e4d6f5", button_edge="#000000", pill="#fffffff0",
    faded=0.4, dense_faded=0.7,
    plot_ink="#000000", cost="#003c78", cost_i="#b07800", J_so_far="#a03000",
    accuracy="#00553c",
    error=("#ffffff", "#000000", "#000000"), info=("#ffffff", "#000000", "#000000"),
    window="#ffffff", base="#ffffff", text="#000000", button="#ffffff", highlight="#5a00b4",
    link="#00307a", bold=True, stroke=1.6, dash_negative_units=True)

THEMES = {t.name: t for t in (LIGHT, DARK, HIGH_CONTRAST)}


@dataclass(frozen=True)
class Sizes:
    """Base type sizes. Canvas text in scene pixels (the view fits the scene to the window:
    about 1 scene pixel a screen pixel on a full-screen 1024 × 768); widget text in points.
    Cap heights of DejaVu Sans are 0.73 of the pixel size: 26 px values have 19 px caps."""

    value_px: float = 26.0
    caption_px: float = 24.0
    header_px: float = 26.0
    subheader_px: float = 24.0
    bias_px: float = 26.0
    more_px: float = 22.0
    button_px: float = 22.0
    button_label_px: float = 22.0
    banner_pt: float = 20.0
    where_pt: float = 13.0
    legend_pt: float = 13.0
    tick_pt: float = 11.0
    plot_pt: float = 14.0
    inspector_pt: float = 16.0
    lecture_pt: float = 14.0
    message_pt: float = 12.0


SIZES = Sizes()
FAMILY = "Sans Serif"


@dataclass(frozen=True)
class Look:
    """A theme at a text scale and stroke weight: what every view reads."""

    theme: Theme = LIGHT
    scale: float = 1.0        # text scale (the presentation mode's font scale)
    strokes: float = 1.0      # stroke weight (thicker in the presentation mode)
    sizes: Sizes = field(default_factory=Sizes)

    def color(self, name: str) -> QColor:
        """A theme colour by field name ("ink", "accent_band", …) as a QColor."""
        return qcolor(getattr(self.theme, name))

    def px(self, name: str) -> float:
        """A canvas text size (scene pixels), scaled: px("value_px")."""
        return getattr(self.sizes, name) * self.scale

    def pt(self, name: str) -> float:
        """A widget text size (points), scaled: pt("banner_pt")."""
        return round(getattr(self.sizes, name) * self.scale * 2) / 2

    @property
    def stroke(self) -> float:
        """Line width multiplier: the theme's weight times the presentation's."""
        return self.theme.stroke * self.strokes

    def weight(self, weight: QFont.Weight = QFont.Normal) -> QFont.Weight:
        """`weight`, one step heavier in a bold theme."""
        if not self.theme.bold:
            return weight
        return QFont.Bold if weight >= QFont.DemiBold else QFont.DemiBold

    def font(self, px: float, weight: QFont.Weight = QFont.Normal, italic: bool = False,
             stretch: int = QFont.Unstretched) -> QFont:
        """The canvas family at `px` pixels (already scaled by the caller)."""
        f = QFont(FAMILY)
        f.setStyleHint(QFont.SansSerif)
        f.setStretch(stretch)
        f.setPixelSize(max(1, round(px)))
        f.setWeight(self.weight(weight))
        f.setItalic(italic)
        return f

    def widget_font(self, base: QFont, pt_name: str,
                    weight: QFont.Weight = QFont.Normal) -> QFont:
        """`base` at the scaled point size `pt_name`, in the theme's weight."""
        f = QFont(base)
        f.setPointSizeF(self.pt(pt_name))
        f.setWeight(self.weight(weight))
        return f

    def palette(self, base: QPalette | None = None) -> QPalette:
        """A QPalette for the window's widgets in this theme."""
        t = self.theme
        pal = QPalette(base) if base is not None else QPalette()
        for role, value in ((QPalette.Window, t.window), (QPalette.Base, t.base),
                            (QPalette.AlternateBase, t.window), (QPalette.Text, t.text),
                            (QPalette.WindowText, t.text), (QPalette.ButtonText, t.text),
                            (QPalette.Button, t.button), (QPalette.Highlight, t.highlight),
                            (QPalette.ToolTipBase, t.base), (QPalette.ToolTipText, t.text),
                            (QPalette.PlaceholderText, t.soft_ink), (QPalette.Link, t.link)):
            pal.setColor(role, qcolor(value))
        pal.setColor(QPalette.HighlightedText, qcolor("#ffffff"))
        return pal

    def with_(self, **changes) -> Look:
        return replace(self, **changes)


def qcolor(text: str) -> QColor:
    """"#rrggbb" or "#rrggbbaa" (CSS order, alpha last) as a QColor."""
    text = text.lstrip("#")
    r, g, b = int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
    a = int(text[6:8], 16) if len(text) == 8 else 255
    return QColor(r, g, b, a)


def css(text: str) -> str:
    """A theme colour for a style sheet: rgba() keeps the alpha where Qt's #aarrggbb would
    read CSS order wrongly."""
    c = qcolor(text)
    return f"rgba({c.red()}, {c.green()}, {c.blue()}, {c.alpha()})"
