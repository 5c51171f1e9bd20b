"""The workshop in a real browser: the presenter opens one, a phone (390x844, touch) joins
with the code, sets every slider by touch without scrolling sideways, and sends."""

import re

PHONE = {"width": 390, "height": 844}
AT_THREE = "thumb => ['3,00', '3.00'].includes(thumb.getAttribute('aria-valuetext'))"  # the right end


def tap_the_right_end(page, slider) -> None:
    """A finger on the right end of the slider's track (touch events only)."""
    track = slider.locator("[role=group] > div").first.bounding_box()
    page.touchscreen.tap(track["x"] + track["width"] - 2, track["y"] + track["height"] / 2)


def test_a_phone_joins_sets_every_slider_by_touch_without_sideways_scrolling_and_sends(browser, server, workshop_code):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((server, "data:", "blob:")) else None)
    page.goto(f"{server}/?code={workshop_code}&lang=ru")
    sliders = page.locator("[data-testid=stSlider]")
    sliders.first.wait_for(state="visible", timeout=60_000)
    page.wait_for_timeout(1000)
    hrefs = page.evaluate("() => [...document.querySelectorAll('a')].map(a => a.getAttribute('href'))")
    assert [h for h in hrefs if not h.startswith("#")] == []  # no navigation, no link to another page

    count = sliders.count()
    assert count == 10
    assert page.get_by_role("dialog").count() == 0  # no "page not found" over the form
    for i in range(count):
        slider = sliders.nth(i)
        slider.scroll_into_view_if_needed()
        tap_the_right_end(page, slider)
        page.wait_for_function(AT_THREE, arg=slider.get_by_role("slider").element_handle())
    # the value is written with the Russian decimal comma
    assert [sliders.nth(i).get_by_role("slider").get_attribute("aria-valuetext") for i in range(count)] == [
        "3,00"
    ] * count

    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways: {width}"

    button = page.get_by_role("button", name="Отправить мои веса")
    button.scroll_into_view_if_needed()
    button.tap()
    page.get_by_text("Ваши веса записаны").wait_for(timeout=30_000)
    assert outside == []
    context.close()


def phone_sends(page, server: str, url: str) -> None:
    """Open ``url`` on the phone, put the first slider at its right end by touch, send."""
    page.goto(url)
    slider = page.locator("[data-testid=stSlider]").first
    slider.wait_for(state="visible", timeout=60_000)
    page.wait_for_timeout(1000)
    tap_the_right_end(page, slider)
    page.wait_for_function(AT_THREE, arg=slider.get_by_role("slider").element_handle())
    button = page.get_by_role("button", name="Send my weights")
    button.scroll_into_view_if_needed()
    button.tap()
    page.get_by_text("Your weights are recorded").wait_for(timeout=30_000)


def test_the_live_slide_counts_a_new_phone_by_itself_and_a_reloaded_or_rescanning_phone_stays_one_participant(
    browser, server, workshop_code
):
    projector = browser.new_context(viewport={"width": 1366, "height": 768})
    slide = projector.new_page()
    slide.goto(f"{server}/present?workshop={workshop_code}&slide=7&lang=en")
    count = slide.locator("[data-testid=stMetricValue]").first
    count.wait_for(timeout=60_000)
    before = int(count.inner_text())

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = phone.new_page()
    phone_sends(page, server, f"{server}/?code={workshop_code}&lang=en")
    # the slide was not reloaded: its fragment re-reads the round every few seconds
    slide.wait_for_function(
        "n => document.querySelector('[data-testid=stMetricValue]').innerText.trim() === String(n)",
        arg=before + 1,
        timeout=20_000,
    )

    token = re.search(r"[?&]p=([A-Za-z0-9_-]+)", page.url).group(1)
    page.wait_for_timeout(2500)  # past the rate limit between two answers of one participant
    page.reload()
    assert re.search(r"[?&]p=([A-Za-z0-9_-]+)", page.url).group(1) == token
    page.get_by_text("You have answered this round").wait_for(timeout=60_000)
    phone_sends(page, server, page.url)
    page.goto(f"{server}/?code={workshop_code}&lang=en")  # a second scan of the code: the cookie
    page.locator("[data-testid=stSlider]").first.wait_for(state="visible", timeout=60_000)
    page.wait_for_url(re.compile(r"[?&]p="), timeout=30_000)
    assert re.search(r"[?&]p=([A-Za-z0-9_-]+)", page.url).group(1) == token
    slide.wait_for_timeout(6000)  # longer than the slide's refresh
    assert int(count.inner_text()) == before + 1  # the reloaded phone replaced its answer
    width = slide.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1]
    phone.close()
    projector.close()


def test_a_participant_link_with_a_page_address_opens_the_participant_page_without_streamlits_dialog(
    browser, server, workshop_code
):
    """A code under another address (an old link, a typed ``/join``): the participant page,
    never Streamlit's English "Page not found" dialog, never the other page."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    for address in ("join", "ranking", "no-such-page"):
        page.goto(f"{server}/{address}?code={workshop_code}&lang=kk")
        page.locator("[data-testid=stSlider]").first.wait_for(state="visible", timeout=60_000)
        page.wait_for_timeout(1000)
        assert page.get_by_role("dialog").count() == 0, address
        assert page.locator("[data-testid=stSlider]").count() == 10, address
        assert "Page not found" not in page.inner_text("body")
    context.close()
