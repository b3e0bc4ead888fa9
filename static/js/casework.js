// Casework enhancements. Every page works without this file.
(() => {
  // Move focus to the error summary so keyboard and screen-reader users hear what went wrong.
  const focusSummary = () => {
    const summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  };
  // After a "Toon BSN" swap, put focus on the revealed number (the button is gone).
  document.addEventListener("htmx:afterSwap", (event) => {
    const revealed = event.detail.target.querySelector("[data-bsn-revealed]");
    if (revealed) {
      revealed.focus();
    }
  });
  // A plugged section of the case page that arrives while the reader is already below its start
  // (they followed a link to a later part) is no scroll anchor: the browser then keeps what
  // follows it in place, and the text they read does not move by the difference between the
  // placeholder and the section.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    const section = target.closest(".case-section--plugged");
    if (section && target.classList.contains("plugged-content") && target.getBoundingClientRect().top < 0) {
      section.style.overflowAnchor = "none";
    }
  });
  document.addEventListener("htmx:afterSettle", (event) => {
    const section = event.detail.target.closest(".case-section--plugged");
    if (section && section.style.overflowAnchor) {
      // Arrived and laid out: an anchor like any other part of the page again.
      requestAnimationFrame(() => section.style.removeProperty("overflow-anchor"));
    }
  });
  // A plugged section or slot that could not be loaded (an error answer, no connection): drop the
  // placeholder, show the message with its retry button; the link to the section stays.
  const showLoadError = (event) => {
    const target = event.detail.elt;
    const error = target && target.querySelector(":scope > [data-load-error]");
    if (!error) {
      return;
    }
    target.querySelectorAll(":scope > .plugged-placeholder").forEach((el) => el.remove());
    error.hidden = false;
  };
  document.addEventListener("htmx:responseError", showLoadError);
  document.addEventListener("htmx:sendError", showLoadError);
  document.addEventListener("click", (event) => {
    const retry = event.target.closest("[data-load-retry]");
    if (!retry || !window.htmx) {
      return;
    }
    retry.closest("[data-load-error]").hidden = true;
    window.htmx.trigger(retry.closest("[hx-get]"), "retry");
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
