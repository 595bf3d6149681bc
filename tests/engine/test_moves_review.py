"""Review of long moves (issue 10): Train N epochs across segments of other schedules."""

import bpengine as bp
from bpengine.config import DataSource, StudioConfig
from bpengine.studio import MAX_SEEK_EPOCHS

CIRCLES = StudioConfig(source=DataSource("builtin", "circles", m=24, noise=0.1, seed=3),
                       hidden=(3,), acts=("tanh", "sigmoid"), alpha=0.5, batch_size=5)


def test_the_most_epochs_train_from_an_earlier_segment_into_a_longer_schedule():
    """Ctrl+T allows 10,000 epochs. From an earlier segment (batch 5: 24 × 5 + 5 × 2 = 130
    steps an epoch) into one with batch 1 (24 × (5 + 2) = 168 steps an epoch) the goal lies
    more than 10,000 of the first segment's epochs ahead; it was refused as "Step 1,680,003
    lies more than 10,000 epochs ahead"."""
    model = bp.StudioModel(CIRCLES)
    said = []
    model.listen(lambda event, *args: event == "message" and said.append(args))
    for _ in range(3):
        model.step()
    model.set_settings(batch_size=1)     # segment 1 from K = 3, its own step 0 (epoch 0)
    model.seek(1)                        # back in segment 0
    said.clear()
    job = model.finishing("epoch", MAX_SEEK_EPOCHS)
    assert job is not None and said == []
    # the first epoch ends in segment 1 (its epoch 0, from K = 3), then 9,999 more there
    assert job.target == 3 + MAX_SEEK_EPOCHS * 168
    assert model.finishing("epoch", MAX_SEEK_EPOCHS + 1) is None


def test_a_moves_status_counts_global_steps_in_a_later_segment():
    """After a batch-size change at K = 40 the new segment's stepper numbers its steps
    from the start of the current epoch's batch holding the examples used (its k = 17 at
    K = 40): Move.status said k = target = 277 for a move to step 300."""
    model = bp.StudioModel(CIRCLES)
    for _ in range(40):
        model.step()
    model.set_settings(batch_size=3)
    job = model.move_to(300)
    status = job.run(None)
    assert status.done and model.k == 300
    assert (status.k, status.target) == (300, 300)
    job = model.move_to(20)                      # back in the first segment: k is K
    assert (job.run(None).k, job.status.target) == (20, 20)
