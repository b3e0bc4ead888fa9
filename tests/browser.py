"""Helpers for browser tests: log in through the real form, check WCAG 2.2 A/AA with axe, and
check the finished NL Design System look (fonts, component classes, no sideways scroll)."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

# WCAG 2.2 AA adds target size (24 by 24 px) to the 2.1 rules.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()

MOBILE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
THEME_FONTS = ("Noto Sans Variable", "Noto Sans Mono Variable")


def wait_for_htmx(page: Page) -> None:
    """Until every htmx load of the page (the case page's plugged sections, the sociaal minimum)
    has been answered and swapped in: before that, the page still grows and a link below a
    section that is loading moves away under the click."""
    page.wait_for_load_state("networkidle")
    expect(page.locator(".htmx-request")).to_have_count(0)


def assert_accessible(page: Page) -> None:
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def login(
    page: Page, live_server_url: str, username: str, password: str, *, otp_code: str = ""
) -> None:
    """Log in through the form; with MFA enforced, pass the second step with `otp_code` (a code
    from the app or a recovery code)."""
    page.goto(f"{live_server_url}/inloggen/")
    assert_accessible(page)
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    if otp_code:
        page.wait_for_url("**/inloggen/verificatie/**")
        assert_accessible(page)
        page.get_by_label("Code").fill(otp_code)
        page.get_by_role("button", name="Bevestigen").click()


# Every visible form control without its Utrecht component class, or not in the theme's font.
_UNSTYLED_CONTROLS = """
() => {
  const component = {
    INPUT: (el) => el.type === 'checkbox' ? 'utrecht-checkbox'
      : el.type === 'radio' ? 'utrecht-radio-button'
      : ['submit', 'button', 'reset'].includes(el.type) ? 'utrecht-button' : 'utrecht-textbox',
    SELECT: () => 'utrecht-select',
    TEXTAREA: () => 'utrecht-textarea',
    BUTTON: () => 'utrecht-button',
    FIELDSET: () => 'utrecht-form-fieldset',
  };
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const problems = [];
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button, fieldset')) {
    if (!visible(el) || el.closest('[aria-hidden="true"], .visually-hidden')) continue;
    const expected = component[el.tagName](el);
    const name = el.name || el.id || el.textContent.trim().slice(0, 30);
    if (!el.classList.contains(expected)) problems.push(`${el.tagName.toLowerCase()} ${name}: geen ${expected}`);
    const family = getComputedStyle(el).fontFamily;
    if (!family.startsWith('"Noto Sans')) problems.push(`${el.tagName.toLowerCase()} ${name}: lettertype ${family}`);
  }
  return problems;
}
"""

# Every element with visible text of its own whose first font is not one of the theme's fonts.
_FALLBACK_FONTS = """
(themeFonts) => {
  const problems = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || el.getClientRects().length === 0) continue;
    const first = getComputedStyle(el).fontFamily.split(',')[0].trim().replace(/^"|"$/g, '');
    if (!themeFonts.includes(first)) problems.add(`${el.tagName.toLowerCase()}: ${first}`);
  }
  return [...problems];
}
"""


def assert_finished_look(page: Page) -> None:
    """The page in the theme: its fonts loaded and used, every control a Utrecht component."""
    page.evaluate("document.fonts.ready.then(() => true)")
    unstyled = page.evaluate(_UNSTYLED_CONTROLS)
    assert unstyled == [], unstyled
    # One primary action per form: the rest are secondary, so the way forward is clear.
    crowded = page.evaluate(
        """() => [...document.forms]
             .filter(f => f.querySelectorAll('.utrecht-button--primary-action').length > 1)
             .map(f => f.getAttribute('action') || f.id || 'formulier')"""
    )
    assert crowded == [], f"meer dan één primaire knop: {crowded}"
    fallback = page.evaluate(_FALLBACK_FONTS, list(THEME_FONTS))
    assert fallback == [], fallback
    loaded = page.evaluate(
        "() => [...document.fonts].filter(f => f.status === 'loaded')"
        ".map(f => f.family.replace(/\"/g, ''))"
    )
    assert THEME_FONTS[0] in loaded, loaded


def assert_no_horizontal_scroll(page: Page) -> None:
    """At the current viewport the page is no wider than the screen."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        culprits = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                 .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                 .filter(el => el.parentElement.getBoundingClientRect().right <= document.documentElement.clientWidth + 1)
                 .concat([...document.querySelectorAll('body *')].filter(el => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible'))
                 .slice(0, 5)
                 .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${Math.round(el.getBoundingClientRect().right)}px`)"""
        )
        raise AssertionError(f"{page.url}: {overflow}px breder dan het scherm: {culprits}")
