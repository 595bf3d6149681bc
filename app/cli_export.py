"""`backprop-studio export …`: a diagram or the current step, for scripts and slide builds.

No window and no display: the network is built (or a session opened) without Qt, stepped
to --step, and, for a picture, drawn by an offscreen canvas (the offscreen platform is
chosen before the QApplication exists when QT_QPA_PLATFORM is not set). LaTeX needs no
Qt at all. A bad argument or file prints one line naming it and exits with status 2;
failing to write OUT exits with 1. Never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

PROG = "backprop-studio export"
FORMATS = ("svg", "png", "pdf", "tex")
NODE_COLOURS = ("auto", "delta", "a", "z")
EDGE_COLOURS = ("auto", "theta", "Delta", "D")


class BadArgument(Exception):
    """A command-line argument that cannot be used; the message names it."""


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def parser() -> argparse.ArgumentParser:
    p = OneLineParser(
        prog=PROG,
        description="Export the network diagram (SVG, PNG, PDF) or the current step's "
                    "equations (LaTeX) without opening a window.",
        epilog="Example: backprop-studio export --layers 2,3,1 --dataset xor --step 5 "
               "--format svg -o step5.svg")
    net = p.add_mutually_exclusive_group()
    net.add_argument("--layers", metavar="S1,S2,…",
                     help="units per layer, input to output (default 2,2,2,1: the lecture's "
                          "network); the first and last must match the data set")
    net.add_argument("--session", metavar="FILE", help="a saved session (.bpstudio)")
    p.add_argument("--dataset", metavar="NAME",
                   help="a built-in data set (default xor); see --list-datasets")
    p.add_argument("--list-datasets", action="store_true",
                   help="print the built-in data sets and exit")
    p.add_argument("--step", metavar="N", type=_whole, default=None,
                   help="go to micro-step N first (default: 0, or the session's step)")
    p.add_argument("--colour", "--color", choices=NODE_COLOURS, default=None,
                   help="what colours the units: δ, a or z (default: auto)")
    p.add_argument("--edges", choices=EDGE_COLOURS, default=None,
                   help="what colours the edges: Θ, Δ or D (default: auto)")
    p.add_argument("--select", metavar="L,J | L,I,J", default=None,
                   help="the unit j of layer l, or the weight Θ⁽ˡ⁾ᵢⱼ, whose equations the "
                        "LaTeX adds")
    p.add_argument("--scale", type=float, default=2.0, help="PNG size factor, 1 to 4 "
                                                             "(default 2)")
    p.add_argument("--transparent", action="store_true", help="no background")
    p.add_argument("--theme", choices=("light", "dark", "high-contrast"), default="light",
                   help="the colours to draw in (default light)")
    p.add_argument("--no-values", action="store_true", help="no numbers inside the units")
    p.add_argument("--no-legend", action="store_true", help="no colour legend")
    p.add_argument("--plain", action="store_true",
                   help="outlined units and uniform edges instead of the colouring")
    p.add_argument("--fragment", action="store_true",
                   help="LaTeX: only the equations, to paste into slides (amsmath)")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="default: from the ending of OUT")
    p.add_argument("-o", "--output", metavar="OUT", help="the file to write")
    return p


def _whole(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a step is a whole number from 0, not {text!r}") \
            from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"a step is a whole number from 0, not {n}")
    return n


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    try:
        if args.list_datasets:
            import bpengine as bp
            print(", ".join(bp.builtin_names()))
            return 0
        fmt, out = _format_and_output(args)
        model = _model(args)
        _position(model, args)
        return _write(model, args, fmt, out)
    except BadArgument as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"{PROG}: error: cannot write {args.output}: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    except Exception as exc:   # anything else: still one line, never a traceback
        print(f"{PROG}: error: {' '.join(str(exc).split()) or type(exc).__name__}",
              file=sys.stderr)
        return 1


def _format_and_output(args) -> tuple[str, Path]:
    if not args.output:
        raise BadArgument("-o OUT is needed: the file to write")
    out = Path(args.output)
    fmt = args.format or out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise BadArgument(f"--format: give svg, png, pdf or tex (OUT “{out.name}” does not "
                          "say which)")
    if not out.parent.is_dir():
        raise BadArgument(f"-o {args.output}: the folder {out.parent} does not exist")
    if not 1.0 <= args.scale <= 4.0:
        raise BadArgument(f"--scale: the PNG scale is a number from 1 to 4, not {args.scale:g}")
    return fmt, out


def _model(args):
    """The StudioModel the arguments describe (Qt-free)."""
    import bpengine as bp
    if args.session:
        if args.dataset:
            raise BadArgument("--dataset: a session brings its own data; leave one out")
        try:
            return bp.load_session(args.session)
        except (bp.SessionError, bp.DataError, ValueError) as exc:
            raise BadArgument(f"--session {exc}") from None
    name = args.dataset or "xor"
    if name.strip().lower() not in bp.builtin_names():
        raise BadArgument(f"--dataset: there is no built-in data set “{name}” (there are "
                          f"{', '.join(bp.builtin_names())})")
    dataset = bp.load_builtin(name)
    n, K = dataset.X.shape[1], dataset.Y.shape[1]
    sizes = _layers(args.layers) if args.layers else [n, 2, 2, K]
    if sizes[0] != n or sizes[-1] != K:
        raise BadArgument(
            f"--layers {args.layers}: the {name} data has {n} feature{'s' * (n != 1)} and "
            f"{K} output{'s' * (K != 1)}: the first layer needs {n} unit{'s' * (n != 1)} and "
            f"the last {K}")
    hidden = tuple(sizes[1:-1])
    config = bp.StudioConfig(bp.DataSource("builtin", name.strip().lower()), hidden=hidden,
                             acts=("sigmoid",) * (len(hidden) + 1))
    try:
        config.validate()
        return bp.StudioModel(config, dataset)
    except ValueError as exc:
        raise BadArgument(f"--layers {args.layers}: {exc}") from None


def _layers(text: str) -> list[int]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) < 2 or not all(p.isdigit() and int(p) >= 1 for p in parts):
        raise BadArgument(f"--layers {text}: give the units of each layer as whole numbers "
                          "from 1, separated by commas, input first (e.g. 2,2,2,1)")
    return [int(p) for p in parts]


def _position(model, args) -> None:
    """Seek, colour modes and selection; the model's refusals become BadArgument."""
    said: list[str] = []
    model.listen(lambda event, *a: said.append(a[0]) if event in ("message", "halted")
                 and a and (event == "halted" or a[-1] == "error") else None)
    if args.step is not None and not model.seek(args.step):
        raise BadArgument(f"--step {args.step}: {said[-1] if said else 'training stopped'}")
    if args.colour:
        model.set_view(node_mode=args.colour)
    if args.edges:
        model.set_view(edge_mode=args.edges)
    if args.select:
        parts = [p.strip() for p in args.select.split(",")]
        if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
            raise BadArgument(f"--select {args.select}: give l,j for a unit or l,i,j for a "
                              "weight (whole numbers)")
        nums = tuple(int(p) for p in parts)
        if not model.select(("unit", *nums) if len(nums) == 2 else ("edge", *nums)):
            raise BadArgument(f"--select {args.select}: {said[-1] if said else 'no such unit'}")


def _write(model, args, fmt: str, out: Path) -> int:
    if fmt == "tex":
        from app.latex import write_latex
        write_latex(model, out, fragment=args.fragment)
        print(f"{out}: LaTeX of step {model.k}")
        return 0
    _offscreen_unless_chosen()
    from PySide6.QtWidgets import QApplication

    from app.export_diagram import DiagramOptions, write_diagram
    from app.session import Session

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else PROG])
    options = DiagramOptions(format=fmt, scale=args.scale, transparent=args.transparent,
                             values=not args.no_values, legend=not args.no_legend,
                             colour=not args.plain)
    from app.theme import THEMES, Look
    session = Session(model=model)
    write_diagram(session, out, options, Look(THEMES[args.theme]))
    del session, app
    print(f"{out}: {fmt.upper()} of the {'-'.join(map(str, model.sizes))} network at "
          f"step {model.k}")
    return 0


def _offscreen_unless_chosen() -> None:
    """No window is ever shown: draw offscreen unless the caller chose a platform."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
