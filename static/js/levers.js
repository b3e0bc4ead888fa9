// Choosing a suggested legal lever fills the proposal's route and the article's parts (number,
// lid, onderdeel, law). The page works without this file: the professional can still pick the
// route and fill in the article.
(() => {
  const fill = (id, value, eventName) => {
    const field = document.getElementById(id);
    if (!field) {
      return;
    }
    field.value = value || "";
    field.dispatchEvent(new Event(eventName, { bubbles: true }));
  };

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-lever-article]");
    if (!button) {
      return;
    }
    const lever = button.dataset;
    fill("id_legal_route", lever.leverRoute, "change");
    fill("id_article_number", lever.leverNumber, "input");
    fill("id_article_lid", lever.leverLid, "input");
    fill("id_article_sub", lever.leverSub, "input");
    fill("id_article_law", lever.leverLaw, "change");
    // A draft saved before the parts existed still shows the free article field.
    fill("id_article", lever.leverArticle, "input");
    const status = document.getElementById("hefboom-status");
    if (status) {
      status.textContent = lever.leverChosen;
    }
  });
})();
