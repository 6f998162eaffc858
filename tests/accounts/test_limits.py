"""Mail limits counted in Django's cache (accounts/limits.py); run against Redis too in CI."""

import time

import pytest

from accounts import limits


@pytest.fixture
def small_limits(settings):
    settings.MAIL_LIMITS = {"test": (2, 60), "other": (5, 60)}


def test_it_limits_to_the_count_in_the_window(small_limits):
    assert [limits.hit(("test", "a@example.org")) for _ in range(4)] == [True, True, False, False]
    assert limits.hit(("test", "b@example.org"))  # another subject has its own count


def test_it_refuses_when_any_of_the_limits_is_full(small_limits):
    limits.hit(("test", "a"))
    limits.hit(("test", "a"))
    assert not limits.hit(("other", "x"), ("test", "a"))
    assert limits.hit(("other", "x"), ("test", "b"))


def test_it_holds_under_concurrent_requests(small_limits, settings):
    from concurrent.futures import ThreadPoolExecutor

    settings.MAIL_LIMITS = {"test": (20, 60)}
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: limits.hit(("test", "a")), range(60)))
    assert results.count(True) == 20


def test_it_starts_counting_again_after_the_window(small_limits, settings):
    settings.MAIL_LIMITS = {"test": (1, 1)}
    assert limits.hit(("test", "a"))
    assert not limits.hit(("test", "a"))
    time.sleep(1.1)  # the window ends: the counter expires
    assert limits.hit(("test", "a"))


def test_it_keeps_no_address_in_the_cache_keys(small_limits):
    key = limits._key(limits.Limit("test", 2, 60), "geheim@example.org")
    assert "geheim" not in key and key.startswith("mail-limit:test:")
