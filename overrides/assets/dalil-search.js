/* Dalil — search (Pagefind). Fetched by dalil.js on the search pages only, when the reader
 * searches (the form's data-search-script): a page that nobody searches from costs no request
 * for it. It imports Pagefind (an ES module, with import(): this file is not for old engines,
 * dalil.js is) and defines:
 *   window.dalilSearch(query)       searches and lists the results on the page;
 *   window.dalilSearch.find(query)  the search alone -> Promise<{mode, total, pages: [{url, title, excerpt}]}>
 *                                   (what tests/test_search_eval.py measures: the very same code).
 *
 * What counts as a match. Pagefind stems words and lets a query word match the longer words it
 * starts ("réfug" finds "réfugiés"); but when no indexed word starts with the query word, it
 * falls back to the longest indexed word the query word starts with, however short: "sbitar"
 * matched the "s" of "s'inscrire", "accouchement" the "a" of "à", "باسبور" the "بأ" of "بأي".
 * So each meaningful word of the query is first searched alone, and it counts only if the
 * matched words (the excerpt's marks, or the title and search words the page was found by)
 * contain its first 4 letters (3 for a 4-letter Latin word, for "lois" -> "loi"; after an
 * Arabic article: "الحريك" -> "حريك"). A word Pagefind only matched by a fragment is not
 * found. Stop words ("je", "mon", "comment", "في", "the", "how") are left out of the search.
 * All the words found are then searched together; if that finds nothing, or if some words
 * were not found, the pages matching any of them are shown, most words matched first, and
 * the reader is told. If no word is found: no result, the themes and the emergency numbers.
 * The page's search_terms are Pagefind metadata ("terms", never displayed): a match there
 * counts like a title match. No library, no request to another site. */
(function () {
  "use strict";
  var doc = document;
  var form = doc.querySelector("form[data-pagefind]");
  var output = doc.getElementById("dalil-results");
  var status = doc.getElementById("dalil-search-status");
  var help = doc.getElementById("dalil-search-help");
  var themes = doc.getElementById("dalil-search-noscript");
  var noScript = doc.getElementById("dalil-search-nojs");
  var SHOWN = 10;
  var RANKING = { metaWeights: { title: 5, terms: 5 } };
  var STOP = {
    fr: "a ai as au aux avec avoir bonjour c ca ce ces cet cette chez comment d dans de des du elle en est et etre fais faire fait faut il ils j je la le les leur lui m ma mais me merci mes moi mon n ne nos notre on ou par pas peut peux pour puis qu que quel quelle qui quoi s sa se ses si son suis sur svp t ta te tes toi ton tres tu un une veut veux vos votre vous y",
    en: "a am an and are as at be been by can do does don for from get have how i if in is it its ll me my of on or our please re so that the their them there they this to us ve want was we what when where which who why will with you your",
    ar: "اريد ازاي اش اذا ال الذي التي اللي الي او ان انا انت ايه اين ايش باش بدي بغيت تاع حتي ديال ديالي ديالك راه راني شحال شنو شو شي عايز عايزه علاش علي عن عند عندي في فين فيني كاين كم كيف كيفاش لازم لا لدي لماذا لي ليا ليش ما ماذا متي مشان مع من نقدر هاد هادي هذا هذه هل هو هي واش وين يا يلي يمكن يمكنني"
  };
  var lang = (doc.documentElement.getAttribute("lang") || "fr").slice(0, 2);
  var stop = {};
  (STOP[lang] || "").split(" ").forEach(function (word) { stop[word] = true; });
  var engine = null;
  var latest = 0;

  // Case, accents and Arabic letter variants folded, to compare words (not sent to Pagefind).
  var fold = function (text) {
    return String(text).normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/ة/g, "ه").replace(/ى/g, "ي");
  };
  var isStop = function (word) { return word.length < 2 || stop[fold(word)] === true; };
  // The words of the query, and the meaningful ones: without stop words, unless nothing is left.
  var wordsOf = function (query) {
    var words = query.toLowerCase().split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);
    var meaningful = words.filter(function (word) { return !isStop(word); });
    return (meaningful.length ? meaningful : words.filter(function (word) { return word.length > 1; }))
      .filter(function (word, i, all) { return all.indexOf(word) === i; });
  };
  // The letters a matched word must contain for the query word to count as found.
  var keyOf = function (word) {
    var folded = fold(word);
    var bare = folded.replace(/^[وفبكل]?(ال|لل)/, "");
    if (bare.length >= 3) folded = bare;
    var arabic = /[\u0600-\u06ff]/.test(folded);
    var size = folded.length <= 3 ? folded.length : (arabic ? 4 : Math.min(4, folded.length - 1));
    return folded.slice(0, size);
  };

  var pagefind = function () {
    engine = engine || import(new URL(form.dataset.pagefind, location.href).href).then(function (module) {
      return module.options({ ranking: RANKING }).then(function () { return module; });
    });
    return engine;
  };

  // One word searched alone: its results if Pagefind matched it by the word itself, a word it
  // starts, or a word of at least 4 letters it starts with; null if only by a fragment.
  var probe = function (module, word) {
    return module.search(word).then(function (found) {
      if (!found.results.length) return null;
      return found.results[0].data().then(function (page) {
        var marks = (page.excerpt.match(/<mark>[^<]*<\/mark>/g) || []).join(" ");
        var meta = page.meta || {};
        var matched = fold(marks + " " + (meta.title || "") + " " + (meta.terms || ""));
        return matched.indexOf(keyOf(word)) >= 0 ? found.results : null;
      });
    });
  };

  // Pages matching any of the words' results, most words matched first, then by score.
  var union = function (lists) {
    var byId = {};
    var order = [];
    lists.forEach(function (results) {
      results.forEach(function (result) {
        var seen = byId[result.id];
        if (!seen) { seen = byId[result.id] = { result: result, words: 0, score: 0 }; order.push(seen); }
        seen.words += 1;
        seen.score += result.score;
      });
    });
    order.sort(function (a, b) { return (b.words - a.words) || (b.score - a.score); });
    return order.map(function (entry) { return entry.result; });
  };

  // The pages shown. For a one-word query, a page named by that very word (in its title or its
  // search words) comes before pages found by a longer word that starts alike ("cops" and the
  // "copies" of another page); otherwise Pagefind's order.
  var pagesOf = function (results, words) {
    return Promise.all(results.slice(0, SHOWN).map(function (result) { return result.data(); }))
      .then(function (pages) {
        var key = words.length === 1 ? fold(words[0]) : null;
        var named = function (page) {
          var meta = page.meta || {};
          return key && fold((meta.title || "") + " " + (meta.terms || "")).split(/[^\p{L}\p{M}\p{N}]+/u).indexOf(key) >= 0 ? 1 : 0;
        };
        var ranked = pages.map(function (page, index) { return { page: page, index: index, named: named(page) }; });
        ranked.sort(function (a, b) { return (b.named - a.named) || (a.index - b.index); });
        return ranked.map(function (entry) {
          var page = entry.page;
          return { url: page.url, title: (page.meta && page.meta.title) || page.url, excerpt: page.excerpt.replace(/<[^>]*>/g, "") };
        });
      });
  };

  // mode: "all" (every word found, together), "some" (a part of the words), "none".
  var find = function (query) {
    var words = wordsOf(query);
    if (!words.length) return Promise.resolve({ mode: "none", total: 0, pages: [] });
    return pagefind().then(function (module) {
      return Promise.all(words.map(function (word) { return probe(module, word); })).then(function (probes) {
        var found = probes.filter(Boolean);
        if (!found.length) return { mode: "none", results: [] };
        if (found.length === 1 && words.length === 1) return { mode: "all", results: found[0] };
        var together = found.length === words.length
          ? module.search(words.join(" ")).then(function (all) { return all.results; })
          : Promise.resolve([]);
        return together.then(function (results) {
          return results.length ? { mode: "all", results: results } : { mode: "some", results: union(found) };
        });
      });
    }).then(function (answer) {
      return pagesOf(answer.results, words).then(function (pages) {
        return { mode: answer.mode, total: answer.results.length, pages: pages };
      });
    });
  };

  var show = function (answer) {
    output.textContent = "";
    answer.pages.forEach(function (page) {
      var item = doc.createElement("li");
      var link = doc.createElement("a");
      link.href = page.url;
      link.textContent = page.title;
      var excerpt = doc.createElement("p");
      excerpt.textContent = page.excerpt;
      item.appendChild(link);
      item.appendChild(excerpt);
      output.appendChild(item);
    });
    var count = form.dataset[answer.total > answer.pages.length ? "foundMany" : "found"]
      .replace("{n}", answer.total).replace("{shown}", answer.pages.length);
    status.textContent = answer.mode === "none" ? form.dataset.none
      : answer.mode === "some" ? form.dataset.partial + " " + count : count;
    // Nothing found: the emergency numbers, then the themes (without the no-JavaScript notice).
    if (help) help.hidden = answer.mode !== "none";
    if (themes) themes.hidden = answer.mode !== "none";
    if (noScript) noScript.hidden = true;
  };

  window.dalilSearch = function (query) {
    if (!query.trim()) return;
    var mine = ++latest;
    status.textContent = form.dataset.searching;
    find(query)
      .then(function (answer) { if (mine === latest) show(answer); })
      .catch(function () { if (mine === latest) status.textContent = form.dataset.error; });
  };
  window.dalilSearch.find = find;
})();
