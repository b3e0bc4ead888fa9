// Choosing a suggested legal lever fills the proposal's route and article. The page works
// without this file: the professional can still pick the route and type the article.
(() => {
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-lever-article]");
    if (!button) {
      return;
    }
    const route = document.getElementById("id_legal_route");
    if (route) {
      route.value = button.dataset.leverRoute;
      route.dispatchEvent(new Event("change", { bubbles: true }));
    }
    const article = document.getElementById("id_article");
    if (article) {
      article.value = button.dataset.leverArticle;
      article.dispatchEvent(new Event("input", { bubbles: true }));
    }
    const status = document.getElementById("hefboom-status");
    if (status) {
      status.textContent = button.dataset.leverChosen;
    }
  });
})();
