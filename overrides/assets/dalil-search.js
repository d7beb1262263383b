/* Dalil — search (Pagefind). Fetched by dalil.js on the search pages only, when the reader
 * searches (the form's data-search-script): a page that nobody searches from costs no request
 * for it. It defines window.dalilSearch(query), which imports Pagefind (an ES module, with
 * import(): this file is not for old engines, dalil.js is) and lists the results.
 * No library, no request to another site. */
(function () {
  "use strict";
  var doc = document;
  var form = doc.querySelector("form[data-pagefind]");
  var output = doc.getElementById("dalil-results");
  var status = doc.getElementById("dalil-search-status");
  var engine = null;

  window.dalilSearch = function (query) {
    if (!query.trim()) return;
    status.textContent = form.dataset.searching;
    engine = engine || import(new URL(form.dataset.pagefind, location.href).href);
    engine.then(function (pagefind) { return pagefind.search(query); })
      .then(function (found) { return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); })); })
      .then(function (pages) {
        output.textContent = "";
        pages.forEach(function (page) {
          var item = doc.createElement("li");
          var link = doc.createElement("a");
          link.href = page.url;
          link.textContent = (page.meta && page.meta.title) || page.url;
          var excerpt = doc.createElement("p");
          excerpt.textContent = page.excerpt.replace(/<[^>]*>/g, "");
          item.appendChild(link);
          item.appendChild(excerpt);
          output.appendChild(item);
        });
        status.textContent = pages.length ? form.dataset.found.replace("{n}", pages.length) : form.dataset.none;
      })
      .catch(function () { status.textContent = form.dataset.error; });
  };
})();
