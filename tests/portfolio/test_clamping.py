from __future__ import annotations

import numpy as np

from assistant.portfolio import clip_redistribute


def test_a_capped_weight_hands_its_excess_to_the_others_in_proportion() -> None:
    w = clip_redistribute(np.array([0.7, 0.2, 0.1]), 0.0, 0.5)
    np.testing.assert_allclose(w, [0.5, 0.2 / 0.3 * 0.5, 0.1 / 0.3 * 0.5], atol=1e-15)


def test_redistribution_that_pushes_another_over_the_cap_caps_it_too() -> None:
    w = clip_redistribute(np.array([0.6, 0.3, 0.1]), 0.0, 0.35)
    np.testing.assert_allclose(w, [0.35, 0.35, 0.3], atol=1e-15)


def test_a_floor_takes_from_the_others_in_proportion() -> None:
    w = clip_redistribute(np.array([0.9, 0.06, 0.04]), 0.1, 1.0)
    np.testing.assert_allclose(w, [0.8, 0.1, 0.1], atol=1e-15)


def test_caps_and_floors_together_keep_proportions_of_the_free_assets() -> None:
    raw = np.array([0.55, 0.25, 0.15, 0.04, 0.01])
    w = clip_redistribute(raw, 0.05, 0.4)
    assert w.sum() == 1.0
    assert w.min() >= 0.05 and w.max() <= 0.4
    free = (w > 0.05) & (w < 0.4)
    ratios = w[free] / raw[free]
    np.testing.assert_allclose(ratios, ratios[0], rtol=1e-12)


def test_when_caps_cannot_reach_the_total_every_weight_sits_at_the_cap() -> None:
    np.testing.assert_array_equal(
        clip_redistribute(np.array([0.5, 0.3, 0.2]), 0.0, 0.25), [0.25] * 3
    )


def test_a_zero_weight_is_entitled_to_nothing_but_its_floor() -> None:
    w = clip_redistribute(np.array([1.0, 0.0, 0.0]), 0.0, 0.5)
    np.testing.assert_array_equal(w, [0.5, 0.0, 0.0])
    w = clip_redistribute(np.array([1.0, 0.0, 0.0]), 0.1, 0.9)
    np.testing.assert_allclose(w, [0.8, 0.1, 0.1], atol=1e-15)


def test_weights_inside_the_bounds_only_rescale_to_the_total() -> None:
    w = clip_redistribute(np.array([0.5, 0.3, 0.2]), 0.0, 1.0, total=0.8)
    np.testing.assert_allclose(w, [0.4, 0.24, 0.16], atol=1e-15)
