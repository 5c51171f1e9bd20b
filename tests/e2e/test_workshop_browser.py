"""The workshop in a real browser: the presenter opens one, a phone (390x844, touch) joins
with the code, sets every slider by touch without scrolling sideways, and sends."""

PHONE = {"width": 390, "height": 844}


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
        page.wait_for_function("el => el.value === '3'", arg=slider.locator("input").element_handle())
    assert [sliders.nth(i).locator("input").input_value() for i in range(count)] == ["3"] * count

    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways: {width}"

    button = page.get_by_role("button", name="Отправить мои веса")
    button.scroll_into_view_if_needed()
    button.tap()
    page.get_by_text("Ваши веса записаны").wait_for(timeout=30_000)
    assert outside == []
    context.close()
