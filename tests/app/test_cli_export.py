"""`backprop-studio export …` in a subprocess with no display and QT_QPA_PLATFORM unset:
it writes what it is asked for, prints usage for --help, and a bad argument or file is one
line naming it and a non-zero exit, never a traceback."""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

import bpengine as bp

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"


def run(*args, cwd=None):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=cwd or ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_help_prints_usage_and_exits():
    done = run("export", "--help")
    assert done.returncode == 0
    assert done.stdout.startswith("usage: backprop-studio export")
    assert "--layers" in done.stdout and "--format" in done.stdout
    top = run("--help")
    assert top.returncode == 0 and "backprop-studio export --help" in top.stdout


def test_svg_png_pdf_and_tex_without_a_display(tmp_path):
    done = run("export", "--layers", "2,3,1", "--dataset", "xor", "--step", "2",
               "--format", "svg", "-o", str(tmp_path / "net.svg"))
    assert done.returncode == 0, done.stderr
    texts = ["".join(e.itertext()) for e in ET.parse(tmp_path / "net.svg").iter(SVG + "text")]
    assert {"Layer 1", "Layer 2", "Layer 3"} <= set(texts)
    done = run("export", "--layers", "4,5,3", "--dataset", "iris", "--colour", "z",
               "--scale", "3", "--transparent", "-o", str(tmp_path / "iris.png"))
    assert done.returncode == 0, done.stderr
    img = QImage(str(tmp_path / "iris.png"))
    assert img.width() % 3 == 0 and img.height() % 3 == 0 and img.width() > 900
    assert img.pixelColor(0, 0).alpha() == 0
    done = run("export", "--step", "4", "-o", str(tmp_path / "net.pdf"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "net.pdf").read_bytes().startswith(b"%PDF")
    done = run("export", "--step", "1", "--select", "2,1", "--fragment",
               "-o", str(tmp_path / "step.tex"))
    assert done.returncode == 0, done.stderr
    tex = (tmp_path / "step.tex").read_text(encoding="ascii")
    assert "z_{1}^{(2)}" in tex and "\\documentclass" not in tex


def test_a_session_at_its_step_and_another(tmp_path):
    model = bp.StudioModel()
    model.seek(9)
    bp.save_session(tmp_path / "run.bpstudio", model)
    done = run("export", "--session", str(tmp_path / "run.bpstudio"), "-o",
               str(tmp_path / "at9.tex"))
    assert done.returncode == 0, done.stderr
    assert "\\section*{Step 9:" in (tmp_path / "at9.tex").read_text(encoding="ascii")
    done = run("export", "--session", str(tmp_path / "run.bpstudio"), "--step", "3",
               "-o", str(tmp_path / "at3.tex"))
    assert "\\section*{Step 3:" in (tmp_path / "at3.tex").read_text(encoding="ascii")


@pytest.mark.parametrize("args, names", [
    (["--layers", "3,4,1"], "--layers 3,4,1"),
    (["--layers", "2,x,1"], "--layers 2,x,1"),
    (["--dataset", "nope"], "--dataset"),
    (["--session", "missing.bpstudio"], "missing.bpstudio"),
    (["--step", "-2"], "--step"),
    (["--scale", "9"], "--scale"),
    (["--format", "jpg"], "--format"),
    (["--select", "7,1"], "--select 7,1"),
    (["--layers", "2,1", "--session", "x.bpstudio"], "--session"),
])
def test_a_bad_argument_is_one_line_naming_it(tmp_path, args, names):
    done = run("export", *args, "-o", str(tmp_path / "out.svg"))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("backprop-studio export: error:") and names in lines[0]
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out.svg").exists()


def test_a_corrupt_session_and_a_missing_folder(tmp_path):
    bad = tmp_path / "bad.bpstudio"
    bad.write_text("{not json", encoding="utf-8")
    done = run("export", "--session", str(bad), "-o", str(tmp_path / "x.png"))
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "bad.bpstudio" in done.stderr and "JSON" in done.stderr
    done = run("export", "-o", str(tmp_path / "nowhere" / "x.png"))
    assert done.returncode == 2 and "nowhere" in done.stderr
