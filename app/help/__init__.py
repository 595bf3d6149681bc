"""Help: the lecture's derivation as a page tied to the stepper (lecture.py), the keys
generated from the window's actions (keys.py), About (about.py), and the Help menu's
actions (menu.py). Bundled texts live in resources/help/ (see pages.py)."""
