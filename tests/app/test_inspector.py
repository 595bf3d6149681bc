"""The inspector: the seed's equations with the engine's numbers, following the session."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from app.equations import (  # noqa: E402
    HINT,
    WJ,
    bias_html,
    exact,
    num,
    unit_html,
    weight_html,
)
from app.inspector import InspectorPanel  # noqa: E402
from app.session import Session  # noqa: E402
from bpengine.config import DataSource, StudioConfig  # noqa: E402
from bpengine.explain import UnitExplained, WeightExplained  # noqa: E402
from tests.app.conftest import shown  # noqa: E402


@pytest.fixture
def panel(qtbot, session):
    return shown(qtbot, InspectorPanel(session), 440, 800)


def steps(session, kind, layer=None):
    """Step until the step just done is `kind` (at `layer`)."""
    while True:
        session.step()
        last = session.stepper.last
        if last.kind == kind and (layer is None or last.layer == layer):
            return


def plain_joins(html):
    """The generated HTML without the no-break spaces and word joiners that keep a term on
    one line."""
    return html.replace(WJ, "").replace("&nbsp;", " ")


def U(*args, **kw):
    return plain_joins(unit_html(*args, **kw))


def W(*args, **kw):
    return plain_joins(weight_html(*args, **kw))


# ---- pure formatting -----------------------------------------------------------------------

@pytest.mark.parametrize("value,text", [
    (0.4, "0.4000"), (-0.013017, "−0.01302"), (1.0, "1.000"), (0.0, "0.000"),
    (-0.0, "0.000"), (123.456, "123.5"), (1234.5, "1234"), (1.2e-7, "1.200×10⁻⁷"),
    (-3.5e12, "−3.500×10¹²"), (None, "—"), (float("nan"), "NaN"),
    (float("-inf"), "−∞"),
])
def test_num_uses_four_significant_digits_and_the_unicode_minus(value, text):
    assert num(value) == text


def test_exact_writes_whole_numbers_as_integers():
    assert exact(1.0) == "1" and exact(0.0) == "0" and exact(-2.0) == "−2"
    assert exact(0.25) == "0.2500"


def _unit(**kw):
    base = dict(layer=3, unit=2, act="sigmoid",
                z_terms=[(0.1, 1.0), (0.3, 1.0), (-0.2, 0.0)], z=0.4, a=0.598688,
                back_terms=[(0.562, -0.198), (0.774, 0.075)], back_sum=-0.053226,
                g_prime=0.240261, delta=-0.012788, y=None)
    base.update(kw)
    return UnitExplained(**base)


def test_unit_html_substitutes_every_number_of_the_seed_equations():
    html = U(_unit())
    assert "Hidden unit a<sub>2</sub><sup>(3)</sup>" in html
    assert "z<sub>2</sub><sup>(3)</sup>" in html
    # z = Θ₂₀·1 + Θ₂₁a₁ + Θ₂₂a₂ with numbers (the bias multiplier is the constant 1)
    assert "Θ<sub>20</sub><sup>(2)</sup>·1" in html
    assert "(0.1000)(1)" in html and "(−0.2000)(0.000)" in html
    assert "<b>0.4000</b>" in html
    assert "sigmoid(0.4000)" in html and "<b>0.5987</b>" in html
    # δ = (Θ₁₂δ₁ + Θ₂₂δ₂)·g′, the corrected intuition equation
    assert "Θ<sub>12</sub><sup>(3)</sup>δ<sub>1</sub><sup>(4)</sup>" in html
    assert "(0.5620)(−0.1980)" in html and "(0.7740)(0.07500)" in html
    assert "(−0.05323) · 0.2403" in html and "<b>−0.01279</b>" in html
    assert "(0.5987)(1 − 0.5987)" in html          # g′ = a(1 − a)
    assert "−" in html and "-0" not in html            # the Unicode minus only


def test_unit_html_says_what_is_not_computed_yet():
    html = U(_unit(z_terms=None, z=None, a=None, back_terms=None, back_sum=None,
                           g_prime=None, delta=None))
    assert "not yet computed for this example (next: forward 3)" in html
    assert "not yet computed for this example (next: backward 3)" in html
    assert "<b>" not in html.split("</p>", 1)[1]       # no result shown anywhere


def test_output_unit_html_for_both_losses():
    out = _unit(layer=4, unit=1, back_terms=None, back_sum=None, a=0.599, y=1.0,
                delta=-0.401, g_prime=0.2402)
    ce = U(out, "cross_entropy")
    assert "Output unit" in ce and "0.5990 − 1" in ce and "<b>−0.4010</b>" in ce
    assert "0 − y" in ce                                # the erratum is mentioned
    mse = U(_unit(layer=4, unit=1, back_terms=None, back_sum=None, a=0.599, y=1.0,
                          delta=-0.09632, g_prime=0.2402), "mse")
    assert "(0.5990 − 1) · 0.2402" in mse and "<b>−0.09632</b>" in mse
    pending = U(_unit(layer=4, unit=1, back_terms=None, delta=None, y=0.0))
    assert "(next: output error)" in pending


def test_many_terms_are_elided_with_a_count_and_the_total():
    terms = [(0.01 * k, 1.0) for k in range(65)]        # bias + 64 inputs
    html = U(_unit(layer=2, z_terms=terms, z=20.8))
    assert "Σ<sub>k=1…64</sub>" in html
    assert "… (61 more)" in html and "<b>20.80</b>" in html
    assert html.count("(1.000)") == 3                   # only the first few are written


def test_input_and_bias_units():
    x = UnitExplained(1, 2, None, None, None, 1.0, None, None, None, None, None)
    html = U(x, feature="petal length")
    assert "Input unit" in html and "x<sub>2</sub>" in html and "petal length" in html
    assert "<b>1.000</b>" in html and "no δ<sup>(1)</sup>" in html
    assert "a<sub>0</sub><sup>(2)</sup>" in bias_html(2, L=4) and "<b>1</b>" in bias_html(2)
    assert "no bias unit" in bias_html(4, L=4)


def _weight(**kw):
    base = dict(layer=2, i=1, j=2, theta=0.3, a_j=0.6, delta_i=-0.2, product=-0.12,
                Delta=-0.5, D=-0.1175, batch_n=4, batch_m=4, lam=0.1)
    base.update(kw)
    return WeightExplained(**base)


def test_weight_html_gives_theta_a_delta_Delta_and_D():
    html = W(_weight())
    assert "Θ<sub>12</sub><sup>(2)</sup>" in html and "<b>0.3000</b>" in html
    assert "a<sub>2</sub><sup>(2)</sup>δ<sub>1</sub><sup>(3)</sup>" in html   # eq. 3, fixed
    assert "(0.6000)(−0.2000)" in html and "<b>−0.1200</b>" in html
    assert "over 4 of the batch's 4 examples" in html and "<b>−0.5000</b>" in html
    assert "(1/4)(−0.5000)" in html and "(0.1/4)(0.3000)" in html
    assert "<b>−0.1175</b>" in html and "λ/m" in html


def test_weight_html_bias_column_pending_values_and_stale_D():
    bias = W(_weight(j=0, a_j=1.0, D=None))
    assert "(1)(−0.2000)" in bias and "(λ/m)" not in bias
    assert "computed at the gradient step" in bias
    pending = W(_weight(delta_i=None, product=None), L=4)
    assert "not yet computed for this example (next: backward 3)" in pending
    assert "(next: output error)" in W(_weight(layer=3, delta_i=None, product=None),
                                                 L=4)
    stale = W(_weight(), D_current=False, in_Delta=1)
    assert "From the last gradient step" in stale and "(1/4)" not in stale
    assert "over 1 of the batch's 4 examples" in stale


# ---- the panel on a real session -----------------------------------------------------------

def test_hint_and_the_current_step_label_when_nothing_is_selected(session, panel):
    assert HINT in panel.text()
    assert "Ready: press PageDown" in panel.text()
    session.step()
    assert session.status()["label"] in panel.text()


def test_hidden_unit_after_the_forward_pass_matches_the_engine(session, panel):
    steps(session, "forward", 4)
    session.select(("unit", 3, 2))
    st, text = session.stepper, panel.text()
    assert "Hidden unit a2(3)" in text
    assert num(st.z[2][1]) in text and num(st.a[2][1]) in text
    for k in range(2):                                  # Θ₂ₖ⁽²⁾ and aₖ⁽²⁾ substituted
        assert num(st.thetas[1][1, k + 1]) in text and num(st.a[1][k]) in text
    assert num(st.thetas[1][1, 0]) in text
    assert "not yet computed for this example (next: backward 3)" in text
    assert st.delta[2] is None


def test_the_panel_follows_the_steps_live(session, panel):
    session.select(("unit", 2, 1))
    assert "(next: forward 2)" in panel.text()
    session.step()                                      # forward 2
    st = session.stepper
    assert num(st.z[1][0]) in panel.text() and num(st.a[1][0]) in panel.text()
    assert "(next: backward 2)" in panel.text()
    steps(session, "backward", 2)
    text = panel.text()
    assert num(st.delta[1][0]) in text
    assert "not yet computed" not in text
    back_sum = st.thetas[1][:, 1] @ st.delta[2]         # Σᵢ Θᵢ₁⁽²⁾δᵢ⁽³⁾, the engine's terms
    assert num(back_sum) in text
    session.back()                                      # PageUp: δ⁽²⁾ is gone again
    assert "(next: backward 2)" in panel.text()


def test_output_unit_error_is_a_minus_y(session, panel):
    session.select(("unit", 4, 1))
    steps(session, "output_error")
    st = session.stepper
    y = st.Y[st.example][0]
    text = panel.text()
    assert "Output unit a1(4)" in text
    assert f"{num(st.a[3][0])} − {exact(y)}" in text and num(st.delta[3][0]) in text


def test_mse_output_error_carries_g_prime(session, panel):
    session.set_settings(loss="mse")
    session.select(("unit", 4, 1))
    steps(session, "output_error")
    st = session.stepper
    g = st.a[3][0] * (1 - st.a[3][0])
    assert f"· {num(g)}" in panel.text() and num(st.delta[3][0]) in panel.text()


def test_input_and_bias_units_on_the_panel(session, panel):
    session.select(("unit", 1, 2))
    assert "Input unit a2(1) = x2" in panel.text()
    assert num(session.stepper.X[session.stepper.example][1]) in panel.text()
    session.select(("unit", 2, 0))
    assert "Bias unit a0(2)" in panel.text()
    messages = []
    session.sigMessage.connect(lambda text, level: messages.append(text))
    session.select(("unit", 4, 0))                      # the output has no bias unit:
    assert session.selection == ("unit", 2, 0)          # refused, the selection stays
    assert messages == ["There is no unit 0 in layer 4."]
    session.select(("unit", 9, 1))
    assert messages[-1] == "There is no unit 1 in layer 9."
    assert "Bias unit a0(2)" in panel.text()
    session.select(("edge", 3, 2, 0))                   # no unit 2 in the output layer
    assert messages[-1] == "There is no weight Θ⁽³⁾ with i = 2, j = 0 in this network."
    session.select(None)
    assert HINT in panel.text()


def test_edge_through_one_batch_matches_the_engine(session, panel):
    session.select(("edge", 2, 1, 2))                   # Θ₁₂⁽²⁾: a₂⁽²⁾ → unit 1 of layer 3
    st = session.stepper
    assert num(st.thetas[1][0, 2]) in panel.text()
    assert "after the batch's last example" in panel.text()
    steps(session, "output_error")
    # the first example's product is not in Δ until its accumulate step
    assert "Accumulated over 0 of the batch's 4 examples" in panel.text()
    steps(session, "backward", 3)
    text = panel.text()
    product = st.a[1][1] * st.delta[2][0]
    assert f"({num(st.a[1][1])})({num(st.delta[2][0])})" in text and num(product) in text
    steps(session, "accumulate")
    assert "Accumulated over 1 of the batch's 4 examples" in panel.text()
    assert num(st.Deltas[1][0, 2]) in panel.text()
    steps(session, "gradient")
    text = panel.text()
    D = st.D[1][0, 2]
    assert f"(1/4)({num(st.Deltas[1][0, 2])})" in text
    assert f"(0/4)({num(st.thetas[1][0, 2])})" in text and num(D) in text
    assert "λ/(2m)" in text                             # the erratum note
    session.step()                                      # the update
    text = panel.text()
    assert num(st.thetas[1][0, 2]) in text and num(D) in text
    assert "From the last gradient step" in text


def test_bias_edge_gradient_has_no_lambda_term(session, panel):
    session.set_settings(lam=0.5)
    session.select(("edge", 1, 2, 0))
    session.next_batch()
    session.back()                                      # right after the gradient step
    st = session.stepper
    assert st.last.kind == "gradient"
    text = panel.text()
    assert f"(1/4)({num(st.Deltas[0][1, 0])})" in text and num(st.D[0][1, 0]) in text
    assert "0.5/4" not in text and "not regularised" in text
    session.select(("edge", 1, 2, 1))
    assert f"(0.5/4)({num(st.thetas[0][1, 1])})" in panel.text()


def test_a_hidden_panel_catches_up_when_read_or_shown(qtbot, session):
    p = InspectorPanel(session)
    qtbot.addWidget(p)                                  # never shown: work is deferred
    session.select(("unit", 2, 1))
    for _ in range(3):
        session.step()
    assert num(session.stepper.z[1][0]) in p.text()
    session.step()
    p.show()
    assert "(next: backward 2)" in p.text()
    assert session.status()["label"] in p.text()


def test_structure_change_clears_the_selection(session, panel):
    session.select(("unit", 3, 1))
    session.add_unit(2)
    assert session.selection is None and HINT in panel.text()


def test_many_inputs_are_elided(qtbot, qapp):
    s = Session(StudioConfig(source=DataSource("builtin", "digits"), hidden=(25,),
                             acts=("sigmoid", "sigmoid")))
    p = InspectorPanel(s)
    qtbot.addWidget(p)
    s.step()
    s.select(("unit", 2, 3))
    assert "… (61 more)" in p.text() and num(s.stepper.z[1][2]) in p.text()
    p.set_point_size(20)                                # font scale: still the same text
    assert num(s.stepper.z[1][2]) in p.text()


def _top_line(panel) -> str:
    """The text at the top of the visible part of the page."""
    cursor = panel.browser.cursorForPosition(panel.browser.viewport().rect().topLeft())
    cursor.select(cursor.SelectionType.LineUnderCursor)
    return cursor.selectedText()


def test_a_short_panel_scrolls_to_what_the_step_is_about(qtbot, session, panel):
    panel.resize(440, 220)                           # too short for a whole unit's page
    session.select(("unit", 2, 1))
    steps(session, "backward", 3)
    assert panel.browser.verticalScrollBar().value() > 0
    assert "Back-propagated error" in _top_line(panel)
    panel.browser.verticalScrollBar().setValue(0)    # the user scrolls up …
    session.step()                                   # … backward 2, the same phase:
    assert session.stepper.last.layer == 2
    assert panel.browser.verticalScrollBar().value() == 0   # the page stays put
    steps(session, "forward", 2)                     # the next example's forward pass: z
    assert "weighted input" in _top_line(panel)
    session.select(("edge", 1, 1, 1))                # a weight while back-propagating …
    steps(session, "accumulate")                     # … accumulating: Δ
    assert "Accumulated over" in _top_line(panel)


def test_a_narrow_panel_uses_smaller_type_down_to_12_pt(qtbot, session, panel):
    from app.inspector import fitted_point_size
    assert fitted_point_size(16, 600) == 16 and fitted_point_size(16, 416) == 16
    assert fitted_point_size(16, 340) == 13 and fitted_point_size(16, 200) == 12
    panel.resize(340, 400)
    qtbot.waitUntil(lambda: panel.browser.document().defaultFont().pointSizeF() == 13)
    panel.resize(600, 400)
    qtbot.waitUntil(lambda: panel.browser.document().defaultFont().pointSizeF() == 16)


def test_the_page_stays_still_during_play_and_follows_on_pause(qtbot, session, panel):
    panel.resize(440, 220)
    session.select(("unit", 2, 1))
    bar = panel.browser.verticalScrollBar()
    session.set_playing(True)
    for kind in ("backward", "forward", "backward"):   # frames ending in different phases
        steps(session, kind, 2)
        assert bar.value() == 0
    session.set_playing(False)                      # paused in back-propagation: δ
    assert bar.value() > 0 and "Back-propagated error" in _top_line(panel)


def test_after_a_short_last_batch_the_D_caption_names_its_size(qtbot):
    # m = 10 in batches of 7: the epoch's second batch holds 3 examples
    import numpy as np

    import bpengine as bp
    X = np.arange(20.0).reshape(10, 2) / 10
    ds = bp.Dataset.from_labels(X, [0, 1] * 5, ["0", "1"], ["p", "q"], "ten")
    s = Session()
    s.set_dataset(DataSource("csv", "ten", sha256="ten"), ds)
    s.set_settings(batch_size=7)
    p = InspectorPanel(s)
    qtbot.addWidget(p)
    s.next_batch()
    s.next_batch()                           # the 3-example batch's update is done
    s.select(("edge", 1, 1, 1))
    assert s.stepper.peek().pos == 0 and s.stepper.schedule.batch_len(0) == 7
    assert "Gradient (m = 3, λ = 0)" in p.text()
    s.next_batch()                           # then a full batch of 7
    assert "Gradient (m = 7, λ = 0)" in p.text()


def test_g_prime_of_z_is_never_broken_across_lines(qtbot, session):
    """In the README's screenshot the hidden unit's δ row wrapped as "· g′" / "(z₁⁽²⁾)"
    (a prime may end a line before a parenthesis); the step label and the erratum note
    did the same at other widths. Rendered at every width from 280 to 640 px, each line
    with a g′ holds its "(" too."""
    steps(session, "backward", 2)
    session.select(("unit", 2, 1))
    panel = shown(qtbot, InspectorPanel(session), 280, 800)
    broken, seen = [], 0
    for width in range(280, 642, 6):
        panel.resize(width, 800)
        qtbot.wait(1)                       # the type fits the new width on the resize
        block = panel.browser.document().begin()
        while block.isValid():
            layout, text = block.layout(), block.text()
            for n in range(layout.lineCount()):
                line = layout.lineAt(n)
                part = text[line.textStart():line.textStart() + line.textLength()]
                for after in part.split("g′")[1:]:
                    seen += 1
                    if not after.lstrip("\u2060").startswith("("):
                        broken.append((width, part))
            block = block.next()
    assert seen and not broken, broken[:3]
