"""The page registry names the page an address runs, so per-page work happens once per page."""

from session.pages import registry_name


def test_an_address_names_its_registry_page_and_every_unknown_address_counts_as_one_page():
    assert registry_name("") == "overview"
    assert registry_name("overview") == "overview"
    assert registry_name("ranking") == "ranking"
    assert registry_name("profile-admin") == "profile_admin"
    assert registry_name("no-such-page") == registry_name("another-typo") == "not_found"
