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
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
